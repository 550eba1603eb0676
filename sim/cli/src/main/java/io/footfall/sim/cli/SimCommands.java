package io.footfall.sim.cli;

import io.footfall.agent.cli.spi.CommandProvider;

/** Brings {@code footfall sim} (beam, pcap, fleet) to the footfall command line, through {@link CommandProvider}. */
public final class SimCommands implements CommandProvider {
    @Override
    public String name() {
        return "sim";
    }

    @Override
    public Object command() {
        return new SimCommand();
    }
}

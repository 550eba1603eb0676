package io.footfall.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code footfall sim …}: simulated traces and captures with their ground truth, written without waiting. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Write simulated beam traces and captures, with ground truth, as fast as they can be generated.",
        subcommands = {SimBeamCommand.class, SimPcapCommand.class, SimFleetCommand.class})
final class SimCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: beam or pcap");
    }
}

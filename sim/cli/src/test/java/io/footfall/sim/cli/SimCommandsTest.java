package io.footfall.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.cli.Footfall;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The agent names no simulator command: {@code footfall sim} arrives through the command SPI. */
class SimCommandsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int footfall(String... args) {
        CommandLine cl = Footfall.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void footfall_help_lists_sim_between_its_own_commands_and_version() {
        assertEquals(0, footfall("--help"));
        String help = out.toString();
        assertTrue(help.indexOf("\n  export ") < help.indexOf("\n  sim ") && help.indexOf("\n  sim ") < help.indexOf("\n  version "), help);
    }

    @Test
    void sim_help_lists_beam_pcap_and_fleet() {
        assertEquals(0, footfall("sim", "--help"));
        for (String cmd : new String[] {"beam", "pcap", "fleet"}) {
            assertTrue(out.toString().contains("\n  " + cmd + " "), cmd + " in:\n" + out);
        }
    }

    @Test
    void sim_alone_is_a_usage_error_and_a_refused_value_exits_78() {
        assertEquals(2, footfall("sim"));
        assertEquals(Footfall.EXIT_CONFIG, footfall("sim", "beam", "--hours", "0", "--out", "/dev/null", "--truth", "/dev/null"), err.toString());
    }
}

package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FootfallCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Footfall.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void run_refuses_a_zero_window_at_once_naming_the_key() {
        int code = run("run", "--hal", "sim", "--window", "0s", "--data-dir", dir.toString(), "--config", "/dev/null");
        assertEquals(Footfall.EXIT_CONFIG, code);
        assertTrue(err.toString().contains("'window'"), err.toString());
        assertTrue(err.toString().contains("'0s'"), err.toString());
    }

    @Test
    void receive_refuses_a_duration_it_cannot_read_naming_the_option_before_connecting() {
        for (String[] bad : new String[][] {{"--for", "soon"}, {"--session-expiry", "0s"}}) {
            err.getBuffer().setLength(0);
            int code = run("receive", "--broker", "tcp://127.0.0.1:1", bad[0], bad[1]);
            assertEquals(Footfall.EXIT_CONFIG, code, err.toString());
            assertTrue(err.toString().contains("'" + bad[0].substring(2) + "'"), err.toString());
            assertTrue(err.toString().contains("'" + bad[1] + "'"), err.toString());
        }
    }

    @Test
    void a_duration_option_reads_every_form_a_duration_setting_takes() {
        assertEquals(Duration.ofHours(36), new DurationConverter().convert("1.5d"));
        assertEquals(Duration.ofMinutes(5), new DurationConverter().convert("PT5M"));
        assertEquals(Duration.ofMillis(250), new DurationConverter().convert("250ms"));
    }

    @Test
    void an_unknown_hal_is_refused_listing_the_ones_there_are() {
        int code = run("run", "--hal", "abacus", "--site", "s1", "--node", "n1", "--data-dir", dir.toString(), "--config", "/dev/null");
        assertEquals(Footfall.EXIT_CONFIG, code);
        assertTrue(err.toString().contains("'hal'") && err.toString().contains("sim"), err.toString());
    }

    @Test
    void every_command_has_help() {
        for (String cmd : new String[] {"run", "config", "diag", "watch", "version", "receive"}) {
            out.getBuffer().setLength(0);
            assertEquals(0, run(cmd, "--help"), cmd);
            assertTrue(out.toString().startsWith("Usage: footfall " + cmd), out.toString());
        }
    }

    @Test
    void a_missing_subcommand_is_a_usage_error() {
        assertEquals(2, run());
        assertEquals(2, run("frobnicate"));
    }

    @Test
    void version_prints_the_version() {
        assertEquals(0, run("version"));
        assertTrue(out.toString().startsWith("footfall "), out.toString());
    }

    @Test
    void config_check_accepts_the_sample_file_once_given_an_identity_and_refuses_a_bad_value() throws Exception {
        Path sample = Path.of("src/main/dist/footfall.properties.sample");
        assertEquals(Footfall.EXIT_CONFIG, run("config", "check", sample.toString()), "the sample names no site");
        assertTrue(err.toString().contains("'site'"), err.toString());
        assertEquals(0, run("config", "check", sample.toString(), "--site", "s1", "--node", "n1"), err.toString());
        assertTrue(out.toString().contains("configuration is valid"));
        assertTrue(out.toString().contains("as client ff.s1.n1"), out.toString());

        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "window=7m\n");
        assertEquals(Footfall.EXIT_CONFIG, run("config", "check", bad.toString()));
        assertTrue(err.toString().contains("'window'"), err.toString());
    }

    @Test
    void diag_fails_when_the_broker_is_unreachable_and_says_why() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int code = run("diag", "--config", "/dev/null", "--hal", "sim", "--site", "s1", "--node", "n1", "--data-dir", dir.toString(),
                "--broker", "tcp://127.0.0.1:" + port);
        assertEquals(1, code);
        assertTrue(out.toString().contains("FAIL  broker"), out.toString());
        assertTrue(out.toString().contains("PASS  data-dir"), out.toString());
    }

    @Test
    void diag_passes_with_a_reachable_broker() throws Exception {
        try (io.footfall.agent.testing.MosquittoBroker broker = io.footfall.agent.testing.MosquittoBroker.start(dir.resolve("broker"))) {
            int code = run("diag", "--json", "--config", "/dev/null", "--hal", "sim", "--site", "s1", "--node", "n1", "--data-dir",
                    dir.resolve("data").toString(), "--broker", broker.uri());
            assertTrue(out.toString().contains("{\"name\":\"broker\",\"status\":\"pass\""), out.toString());
            assertEquals(out.toString().contains("\"status\":\"fail\"") ? 1 : 0, code);
        }
    }

    @Test
    void top_level_help_lists_every_command_and_a_single_command_line_runs_the_same() {
        assertEquals(0, run("--help"));
        for (String cmd : new String[] {"run", "config", "diag", "watch", "beam", "outbox", "pcap", "receive", "export", "version", "help"}) {
            assertTrue(out.toString().contains("\n  " + cmd + " "), cmd + " in:\n" + out);
        }
        CommandLine only = Footfall.commandLineFor("version");
        assertEquals(java.util.Set.of("version"), only.getSubcommands().keySet());
        assertEquals(2, Footfall.commandLineFor("frobnicate").execute("frobnicate"));
    }

    @Test
    void watch_says_when_no_agent_is_running() {
        assertEquals(1, run("watch", "--once", "--status-file", dir.resolve("status.json").toString()));
        assertTrue(out.toString().contains("no running agent"), out.toString());
    }
}

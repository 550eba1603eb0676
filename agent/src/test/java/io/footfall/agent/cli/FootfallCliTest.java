package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void an_unknown_hal_is_refused_listing_the_ones_there_are() {
        int code = run("run", "--hal", "abacus", "--data-dir", dir.toString(), "--config", "/dev/null");
        assertEquals(Footfall.EXIT_CONFIG, code);
        assertTrue(err.toString().contains("'hal'") && err.toString().contains("sim"), err.toString());
    }

    @Test
    void every_command_has_help() {
        for (String cmd : new String[] {"run", "config", "version", "receive"}) {
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
    void config_check_accepts_the_sample_file_and_refuses_a_bad_value() throws Exception {
        Path sample = Path.of("src/main/dist/footfall.properties.sample");
        assertEquals(0, run("config", "check", sample.toString()), err.toString());
        assertTrue(out.toString().contains("configuration is valid"));

        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "window=7m\n");
        assertEquals(Footfall.EXIT_CONFIG, run("config", "check", bad.toString()));
        assertTrue(err.toString().contains("'window'"), err.toString());
    }
}

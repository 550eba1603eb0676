package io.footfall.agent.spare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.cli.Footfall;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A third hardware provider joins through its jar alone: its setting is known, checked by it and
 * refused with 78, its diag line appears, and nothing in the agent names it ({@link SpareHalProvider}).
 */
class ThirdProviderTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int footfall(String... args) {
        CommandLine cl = Footfall.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private Path config(String bus) throws Exception {
        return Files.writeString(dir.resolve("footfall.properties"), "hal=spare\nsite=s1\nnode=n1\nspare-bus=" + bus + "\n");
    }

    @Test
    void its_own_setting_is_known_and_checked_by_it() throws Exception {
        assertEquals(0, footfall("config", "check", config("i2c-3").toString(), "--data-dir", dir.resolve("data").toString()), err.toString());
        assertEquals(Footfall.EXIT_CONFIG, footfall("config", "check", config("spi-0").toString(), "--data-dir", dir.resolve("data").toString()));
        assertTrue(err.toString().contains("spare-bus"), err.toString());
    }

    @Test
    void diag_shows_its_own_check_and_no_other_provider_shows_it() throws Exception {
        footfall("diag", "--config", config("i2c-3").toString(), "--data-dir", dir.resolve("data").toString(), "--broker", "tcp://127.0.0.1:1");
        assertTrue(out.toString().contains("WARN  spare-bus       i2c-3 not probed: a test provider"), out.toString());
        out.getBuffer().setLength(0);
        footfall("diag", "--config", "/dev/null", "--hal", "sim", "--site", "s1", "--node", "n1", "--data-dir", dir.resolve("data").toString(),
                "--broker", "tcp://127.0.0.1:1");
        assertFalse(out.toString().contains("spare-bus"), out.toString());
    }

    @Test
    void a_node_on_it_fails_to_start_with_its_reason() throws Exception {
        assertEquals(1, footfall("run", "--config", config("i2c-3").toString(), "--data-dir", dir.resolve("data").toString(), "--window", "1m"));
        assertTrue(err.toString().contains("no spare board on i2c-3"), err.toString());
    }
}

package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.Windows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code footfall diag}'s data directory and outbox checks: report, never repair. */
class DiagOutboxTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int diag() {
        CommandLine cl = Footfall.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        return cl.execute("diag", "--config", "/dev/null", "--hal", "sim", "--site", "gent", "--node", "node-7",
                "--data-dir", dir.toString(), "--broker", "tcp://127.0.0.1:1");
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String line(String check) {
        return out.toString().lines().filter(l -> l.substring(6).startsWith(check + " ")).findFirst().orElse("(no " + check + " line)");
    }

    @Test
    void a_corrupt_outbox_fails_the_check_says_what_to_do_and_is_left_byte_for_byte() throws Exception {
        byte[] corrupt = new byte[8192];
        java.util.Arrays.fill(corrupt, (byte) 0x5a);
        Files.write(dir.resolve("outbox.db"), corrupt);
        assertEquals(1, diag());
        assertTrue(line("outbox").startsWith("FAIL") && line("outbox").contains("corrupt")
                && line("outbox").contains("systemctl restart footfall"), out.toString());
        assertEquals(List.of("outbox.db"), names(), "no file created, nothing quarantined");
        assertArrayEquals(corrupt, Files.readAllBytes(dir.resolve("outbox.db")));
    }

    @Test
    void a_zero_byte_outbox_fails_the_check_and_stays_as_it_is() throws Exception {
        Files.write(dir.resolve("outbox.db"), new byte[0]);
        assertEquals(1, diag());
        assertTrue(line("outbox").startsWith("FAIL") && line("outbox").contains("zero bytes"), out.toString());
        assertEquals(List.of("outbox.db"), names());
        assertEquals(0, Files.size(dir.resolve("outbox.db")));
    }

    @Test
    void a_sound_outbox_is_reported_with_its_depth_and_nothing_is_written() throws Exception {
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-7")) {
            Windows.appendNext(o, new Topics("gent", "node-7"));
            Windows.appendNext(o, new Topics("gent", "node-7"));
        }
        byte[] before = Files.readAllBytes(dir.resolve("outbox.db"));
        diag();
        assertTrue(line("outbox").startsWith("PASS") && line("outbox").contains("2 window(s) awaiting delivery"), out.toString());
        assertEquals(List.of("outbox.db", "outbox.db.seq"), names().stream().sorted().toList());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("outbox.db")));
    }
}

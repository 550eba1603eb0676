package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.datadir.DataDirLock;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.OutboxFile;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.Windows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OutboxCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = java.util.stream.Stream.concat(java.util.stream.Stream.of("outbox"), java.util.stream.Stream.of(args))
                .toArray(String[]::new);
        CommandLine cl = Footfall.commandLineFor(full); // through footfall's own exit-code mapping
        args = full;
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void status_list_and_purge_show_and_empty_what_awaits_delivery_while_seq_stays() {
        String stream;
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-1")) {
            stream = o.streamId();
            for (int i = 0; i < 3; i++) {
                Windows.appendNext(o, new Topics("arnhem", "node-1"));
            }
            Windows.deliveredThrough(o, 1);
        }
        Run status = run("status", "--data-dir", dir.toString());
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().contains("stream      " + stream), status.out());
        assertTrue(status.out().contains("last seq    3"), status.out());
        assertTrue(status.out().matches("(?s).*depth       2 messages, \\d+ bytes.*"), status.out());
        assertTrue(status.out().contains("oldest      2026-11-22T00:05:00Z"), status.out());
        assertTrue(status.out().contains("quarantined none"), status.out());

        Run list = run("--data-dir", dir.toString(), "list");
        assertEquals(2, list.out().lines().count(), list.out());
        assertTrue(list.out().startsWith("2 node-1/" + stream + "/2 2026-11-22T00:05:00Z..2026-11-22T00:10:00Z "), list.out());

        assertEquals(2, run("purge", "--data-dir", dir.toString()).exit(), "purge without --yes refuses");
        Run purge = run("purge", "--yes", "--data-dir", dir.toString());
        assertEquals(0, purge.exit(), purge.err());
        assertTrue(purge.out().startsWith("purged 2 messages"), purge.out());
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-1")) {
            assertEquals(0, o.depth());
            assertEquals(3, o.lastSeq());
        }
    }

    @Test
    void a_missing_or_unreadable_outbox_is_reported_with_exit_code_1_and_left_alone() throws Exception {
        Run missing = run("status", "--data-dir", dir.toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no outbox at"), missing.err());
        Files.write(dir.resolve("outbox.db"), new byte[8192]);
        Run corrupt = run("status", "--data-dir", dir.toString());
        assertEquals(1, corrupt.exit());
        assertTrue(Files.exists(dir.resolve("outbox.db")));
    }

    @Test
    void purge_is_refused_with_exit_75_while_the_agent_holds_the_data_directory() throws Exception {
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-1")) {
            Windows.appendNext(o, new Topics("arnhem", "node-1"));
        }
        try (DataDirLock agent = DataDirLock.acquire(dir, "agent")) {
            Run purge = run("purge", "--yes", "--data-dir", dir.toString());
            assertEquals(75, purge.exit());
            assertTrue(purge.err().contains("in use by another footfall process (pid " + ProcessHandle.current().pid() + ")")
                    && purge.err().contains("stop it first"), purge.err());
        }
        assertEquals(1, OutboxFile.summary(dir.resolve("outbox.db")).depth(), "nothing purged");
        assertEquals(0, run("purge", "--yes", "--data-dir", dir.toString()).exit(), "allowed once the agent is gone");
    }

    @Test
    void status_of_a_zero_byte_outbox_fails_and_leaves_it_empty() throws Exception {
        Files.write(dir.resolve("outbox.db"), new byte[0]);
        Run status = run("status", "--data-dir", dir.toString());
        assertEquals(1, status.exit());
        assertTrue(status.err().contains("is empty (zero bytes)") && status.err().contains("moves it aside"), status.err());
        assertEquals(List.of("outbox.db"), Files.list(dir).map(p -> p.getFileName().toString()).toList());
    }
}

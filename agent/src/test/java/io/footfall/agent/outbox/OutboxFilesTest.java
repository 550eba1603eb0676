package io.footfall.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.Windows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox's files on a real file system: who may read them, what an empty file means, and that
 * reading one for a technician writes nothing.
 */
class OutboxFilesTest {
    static final Topics TOPICS = new Topics("gent", "node-7");

    @TempDir
    Path dir;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Every file in {@code d} with its bytes. */
    static Map<String, byte[]> snapshot(Path d) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    static void assertUntouched(Map<String, byte[]> before, Path d) throws Exception {
        Map<String, byte[]> after = snapshot(d);
        assertEquals(before.keySet(), after.keySet(), "no file created or removed");
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name + " byte for byte");
        }
    }

    @Test
    void the_outbox_its_wal_and_shm_and_a_created_directory_are_owner_only_under_umask_022() throws Exception {
        Path control = Files.createFile(dir.resolve("control"));
        assumeTrue(mode(control).equals("rw-r--r--"), "this JVM runs under umask 022: " + mode(control));
        Path data = dir.resolve("var/lib/footfall");
        try (SqliteOutbox o = StandardOutbox.open(data.resolve("outbox.db"), "node-7")) {
            Windows.appendNext(o, TOPICS);
            assertEquals("rw-------", mode(data.resolve("outbox.db")));
            assertEquals("rw-------", mode(data.resolve("outbox.db-wal")));
            assertEquals("rw-------", mode(data.resolve("outbox.db-shm")));
        }
        assertEquals("rwx------", mode(data));
        assertEquals("rwx------", mode(dir.resolve("var")));
        try (Stream<Path> s = Files.list(data)) {
            assertEquals(List.of("outbox.db", "outbox.db.seq"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing left beside it but the seq mark");
        }
        assertEquals("rw-------", mode(data.resolve("outbox.db.seq")));
    }

    @Test
    void an_outbox_left_readable_by_an_earlier_version_becomes_owner_only() throws Exception {
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-7")) {
            Windows.appendNext(o, TOPICS);
        }
        Files.setPosixFilePermissions(dir.resolve("outbox.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-7")) {
            assertEquals(1, o.depth());
        }
        assertEquals("rw-------", mode(dir.resolve("outbox.db")));
    }

    @Test
    void a_zero_byte_outbox_is_quarantined_as_corrupt_and_reported_not_taken_as_a_new_store() throws Exception {
        String before;
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-7")) {
            before = o.streamId();
            for (int i = 0; i < 3; i++) {
                Windows.appendNext(o, TOPICS);
            }
        }
        Files.write(dir.resolve("outbox.db"), new byte[0]);
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-7")) {
            OutboxStatus s = o.status();
            assertEquals(1, s.faults().size(), s.faults().toString());
            assertTrue(s.faults().get(0).contains("corrupt") && s.faults().get(0).contains("zero bytes"), s.faults().toString());
            assertNotEquals(before, o.streamId(), "a new stream, so no id of the lost one is ever reused");
            assertEquals("rw-------", mode(dir.resolve("outbox.db")));
        }
        OutboxFile.Summary summary = OutboxFile.summary(dir.resolve("outbox.db"));
        assertEquals(1, summary.quarantined().size(), "the empty file is kept aside as the record of the loss");
        assertEquals(0, Files.size(dir.resolve(summary.quarantined().get(0))));
    }

    @Test
    void a_new_outbox_appears_whole_so_its_first_open_is_not_mistaken_for_an_empty_file() throws Exception {
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-7")) {
            assertTrue(o.status().faults().isEmpty(), o.status().faults().toString());
            assertTrue(Files.size(dir.resolve("outbox.db")) > 0);
            assertTrue(Files.notExists(dir.resolve("outbox.db.new")));
        }
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-7")) {
            assertTrue(o.status().faults().isEmpty(), "reopening an empty store is no fault: " + o.status().faults());
        }
    }

    @Test
    void reading_a_cleanly_closed_outbox_creates_and_changes_no_file() throws Exception {
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-7")) {
            for (int i = 0; i < 5; i++) {
                Windows.appendNext(o, TOPICS);
            }
        }
        Map<String, byte[]> before = snapshot(dir);
        assertEquals(5, OutboxFile.summary(dir.resolve("outbox.db")).depth());
        assertEquals(5, OutboxFile.list(dir.resolve("outbox.db"), 10).size());
        assertTrue(OutboxFile.damage(dir.resolve("outbox.db")).isEmpty());
        assertUntouched(before, dir);
    }

    @Test
    void reading_beside_the_running_writer_sees_its_commits() throws Exception {
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-7")) {
            for (int i = 0; i < 4; i++) {
                Windows.appendNext(o, TOPICS);
            }
            assertEquals(4, OutboxFile.summary(dir.resolve("outbox.db")).depth());
            Windows.appendNext(o, TOPICS);
            assertEquals(5, OutboxFile.summary(dir.resolve("outbox.db")).lastSeq());
        }
    }

    @Test
    void a_wal_without_its_shm_is_read_from_a_private_copy_leaving_the_files_alone() throws Exception {
        Path copy = Files.createDirectory(dir.resolve("copy"));
        try (SqliteOutbox o = StandardOutbox.open(dir.resolve("outbox.db"), "node-7")) {
            for (int i = 0; i < 6; i++) {
                Windows.appendNext(o, TOPICS);
            }
            // as a crash leaves it, less the shared-memory index
            Files.copy(dir.resolve("outbox.db"), copy.resolve("outbox.db"));
            Files.copy(dir.resolve("outbox.db-wal"), copy.resolve("outbox.db-wal"));
        }
        assumeTrue(Files.size(copy.resolve("outbox.db-wal")) > 0, "the commits are in the log");
        Map<String, byte[]> before = snapshot(copy);
        assertEquals(6, OutboxFile.summary(copy.resolve("outbox.db")).lastSeq(), "the log's commits are seen");
        assertUntouched(before, copy);
    }

    @Test
    void reading_a_corrupt_or_empty_outbox_reports_the_damage_and_leaves_it_byte_for_byte() throws Exception {
        Files.write(dir.resolve("outbox.db"), new byte[8192]);
        Map<String, byte[]> before = snapshot(dir);
        assertTrue(OutboxFile.damage(dir.resolve("outbox.db")).isPresent());
        assertUntouched(before, dir);

        Files.write(dir.resolve("outbox.db"), new byte[0]);
        assertEquals("the file is empty (zero bytes)", OutboxFile.damage(dir.resolve("outbox.db")).orElseThrow());
    }
}

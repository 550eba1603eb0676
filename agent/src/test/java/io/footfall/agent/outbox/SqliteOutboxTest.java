package io.footfall.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.receive.Ledger;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.Windows;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteOutboxTest {
    static final Topics TOPICS = new Topics("mechelen", "node-3");

    @TempDir
    Path dir;

    Path db() {
        return dir.resolve("outbox.db");
    }

    @Test
    void seq_and_stream_survive_a_reopen_and_ids_join_node_stream_and_seq() {
        String stream;
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            stream = o.streamId();
            for (int i = 0; i < 3; i++) {
                Windows.appendNext(o, TOPICS);
            }
            Windows.deliveredThrough(o, 2);
        }
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            assertEquals(stream, o.streamId());
            assertEquals(3, o.lastSeq());
            assertEquals(Windows.DAY0 + 3 * Windows.FIVE_MINUTES, o.lastWindowEndMillis());
            OutboxMessage m = Windows.appendNext(o, TOPICS);
            assertEquals(4, m.seq());
            assertEquals("node-3/" + stream + "/4", m.id());
            assertEquals(List.of(3L, 4L), o.oldest(10).stream().map(OutboxMessage::seq).toList());
        }
    }

    @Test
    void a_file_of_zeros_is_quarantined_and_a_fresh_stream_starts_with_the_fault_reported() throws Exception {
        Files.write(db(), new byte[64 * 1024]);
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            OutboxMessage m = Windows.appendNext(o, TOPICS);
            assertEquals(1, m.seq());
            assertEquals(1, o.depth());
            OutboxStatus s = o.status();
            assertEquals(1, s.faults().size());
            assertTrue(s.faults().get(0).contains("corrupt"), s.faults().toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("outbox.db.corrupt-")
                    && !p.getFileName().toString().endsWith("-wal") && !p.getFileName().toString().endsWith("-shm")).count());
        }
    }

    @Test
    void a_damaged_table_is_quarantined_and_seq_goes_on_from_what_could_be_read() throws Exception {
        String oldStream;
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            oldStream = o.streamId();
            for (int i = 0; i < 200; i++) {
                Windows.appendNext(o, TOPICS);
            }
        }
        // fold the WAL into the main file, then scribble over the outbox table's last pages
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db()); var s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("PRAGMA journal_mode=DELETE");
        }
        long len = Files.size(db());
        try (RandomAccessFile f = new RandomAccessFile(db().toFile(), "rw")) {
            f.seek(len - 8 * 4096);
            byte[] junk = new byte[4 * 4096];
            new java.util.Random(7).nextBytes(junk);
            f.write(junk);
        }
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            assertNotEquals(oldStream, o.streamId());
            assertFalse(o.status().faults().isEmpty());
            assertEquals(200, o.lastSeq(), "last seq is kept in the meta table, which survived");
            OutboxMessage m = Windows.appendNext(o, TOPICS);
            assertEquals(201, m.seq());
            assertEquals("node-3/" + o.streamId() + "/201", m.id());
        }
    }

    @Test
    void corruption_found_while_running_quarantines_the_file_and_appending_goes_on() throws Exception {
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            String before = o.streamId();
            for (int i = 0; i < 300; i++) {
                Windows.appendNext(o, TOPICS);
            }
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db()); var s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            try (RandomAccessFile f = new RandomAccessFile(db().toFile(), "rw")) {
                byte[] junk = new byte[(int) f.length() - 4096];
                new java.util.Random(3).nextBytes(junk);
                f.seek(4096);
                f.write(junk);
            }
            OutboxMessage next = null;
            for (int i = 0; i < 3; i++) {
                o.oldest(1000);
                next = Windows.appendNext(o, TOPICS);
            }
            assertNotEquals(before, o.streamId(), "a fresh stream after the corruption");
            assertTrue(o.status().faults().stream().anyMatch(f -> f.contains("corrupt")), o.status().faults().toString());
            assertEquals("node-3/" + o.streamId() + "/" + next.seq(), next.id());
            long last = next.seq();
            assertTrue(o.oldest(1000).stream().anyMatch(m -> m.seq() == last), "appending goes on in the fresh file");
        }
    }

    @Test
    void when_storage_is_full_windows_are_held_in_memory_and_stored_in_order_once_space_returns() {
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            Windows.appendNext(o, TOPICS);
            o.maxPageCount(pageCount());
            List<OutboxMessage> appended = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                appended.add(Windows.appendNext(o, TOPICS));
            }
            OutboxStatus full = o.status();
            assertFalse(full.storageOk());
            assertTrue(full.pending() > 0, "some windows are held in memory: " + full);
            assertEquals(16, o.depth());
            assertEquals(1, o.oldest(100).get(0).seq(), "earlier windows are still stored");
            assertTrue(full.faults().stream().anyMatch(f -> f.contains("holding it in memory")), full.faults().toString());

            o.maxPageCount(1_000_000);
            List<OutboxMessage> stored = o.oldest(100);
            assertEquals(16, stored.size());
            for (int i = 0; i < 16; i++) {
                assertEquals(i + 1, stored.get(i).seq());
            }
            assertEquals(appended.get(14), stored.get(15));
            assertTrue(o.status().storageOk());
            assertEquals(0, o.status().pending());
        }
    }

    @Test
    void windows_that_cannot_be_stored_at_close_are_spilled_next_to_the_outbox_and_read_back_at_the_next_start() throws Exception {
        List<OutboxMessage> held = new ArrayList<>();
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            Windows.appendNext(o, TOPICS);
            o.maxPageCount(pageCount());
            for (int i = 0; i < 10; i++) {
                held.add(Windows.appendNext(o, TOPICS));
            }
            assertTrue(o.status().pending() > 0, o.status().toString());
        }
        Path spill = dir.resolve("outbox.db.spill");
        assertTrue(Files.exists(spill), "held windows were written down at close");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(spill)));
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            List<OutboxMessage> stored = o.oldest(100);
            assertEquals(11, stored.size(), "the one stored and the ten spilled");
            assertEquals(held, stored.subList(1, 11), "same seq, id and bytes as when they were closed");
            assertFalse(Files.exists(spill), "the spill file goes once its windows are stored");
            assertEquals(12, Windows.appendNext(o, TOPICS).seq(), "seq goes on after the spilled windows");
        }
    }

    @Test
    void spilled_windows_already_stored_are_not_stored_twice_when_the_spill_file_is_read_again() throws Exception {
        List<OutboxMessage> held = new ArrayList<>();
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            Windows.appendNext(o, TOPICS);
            o.maxPageCount(pageCount());
            for (int i = 0; i < 15; i++) {
                held.add(Windows.appendNext(o, TOPICS));
            }
            assertTrue(o.status().pending() > 3, o.status().toString());
        }
        Path spill = dir.resolve("outbox.db.spill");
        Path copy = dir.resolve("spill.copy");
        Files.copy(spill, copy);
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            Windows.deliveredThrough(o, 13); // delivered meanwhile
        }
        Files.copy(copy, spill); // as if killed after storing and before removing the file
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            assertEquals(List.of(14L, 15L, 16L), o.oldest(100).stream().map(OutboxMessage::seq).toList());
            assertEquals(16, o.lastSeq());
        }
    }

    @Test
    void when_not_even_the_spill_file_can_be_written_the_windows_go_to_the_log_in_a_form_that_can_be_put_back() throws Exception {
        Path spill = dir.resolve("outbox.db.spill");
        List<OutboxMessage> held = new ArrayList<>();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream was = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            Files.createDirectories(spill.resolve("in-the-way")); // a directory where the file should go: it cannot be replaced
            Windows.appendNext(o, TOPICS);
            o.maxPageCount(pageCount());
            for (int i = 0; i < 15; i++) {
                held.add(Windows.appendNext(o, TOPICS));
            }
            assertTrue(o.status().pending() > 3, o.status().toString());
        } finally {
            System.setErr(was);
        }
        // docs/DELIVERY.md: journalctl -u footfall -o cat | sed -n 's/^.*footfall-spill //p' > DATA_DIR/outbox.db.spill
        List<String> lines = err.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("footfall-spill {")).map(l -> l.substring(l.indexOf("footfall-spill ") + "footfall-spill ".length())).toList();
        assertTrue(lines.size() >= 3, err.toString(java.nio.charset.StandardCharsets.UTF_8));
        Files.delete(spill.resolve("in-the-way"));
        Files.delete(spill);
        Files.write(spill, lines);
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            assertEquals(held, o.oldest(100).subList(1, 16));
        }
    }

    @Test
    void a_spill_file_whose_last_line_is_damaged_never_lets_a_new_window_take_the_id_of_the_window_on_that_line() throws Exception {
        List<OutboxMessage> held = new ArrayList<>();
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            Windows.appendNext(o, TOPICS);
            o.maxPageCount(pageCount());
            for (int i = 0; i < 10; i++) {
                held.add(Windows.appendNext(o, TOPICS));
            }
            assertTrue(o.status().pending() > 2, o.status().toString());
        }
        Path spill = dir.resolve("outbox.db.spill");
        List<String> lines = Files.readAllLines(spill);
        String last = lines.get(lines.size() - 1);
        lines.set(lines.size() - 1, last.substring(0, last.length() / 2)); // truncated, as by a cut-off copy from the journal
        Files.write(spill, lines);
        OutboxMessage lost = held.get(held.size() - 1);
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            List<String> ids = new ArrayList<>(o.oldest(100).stream().map(OutboxMessage::id).toList());
            for (int i = 0; i < 3; i++) {
                ids.add(Windows.appendNext(o, TOPICS).id());
            }
            assertFalse(ids.contains(lost.id()), "the damaged line's id " + lost.id() + " went out again with other counts: " + ids);
            assertTrue(o.status().faults().stream().anyMatch(f -> f.contains("spill")), o.status().faults().toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("outbox.db.spill.unreadable-")),
                    "the damaged file is kept for the technician");
        }
    }

    @Test
    void a_spill_file_that_cannot_be_read_at_all_never_lets_new_windows_take_its_ids() throws Exception {
        List<OutboxMessage> held = new ArrayList<>();
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            Windows.appendNext(o, TOPICS);
            o.maxPageCount(pageCount());
            for (int i = 0; i < 10; i++) {
                held.add(Windows.appendNext(o, TOPICS));
            }
            assertTrue(o.status().pending() > 2, o.status().toString());
        }
        Path spill = dir.resolve("outbox.db.spill");
        Path moved = dir.resolve("spill.saved");
        Files.move(spill, moved);
        Files.createDirectory(spill); // an I/O error on reading it, as a root-owned 0600 file gives the service user
        Files.move(moved, spill.resolve("windows"));
        List<String> heldIds = held.stream().map(OutboxMessage::id).toList();
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            for (int i = 0; i < 12; i++) {
                String id = Windows.appendNext(o, TOPICS).id();
                assertFalse(heldIds.contains(id), "a spilled window's id " + id + " went out again with other counts");
            }
            assertTrue(o.status().faults().stream().anyMatch(f -> f.contains("spill")), o.status().faults().toString());
        }
    }

    @Test
    void windows_spilled_by_root_in_the_service_users_directory_belong_to_that_user() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        var users = dir.getFileSystem().getUserPrincipalLookupService();
        var view = Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("nobody"));
        view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) { // `sudo footfall run` on a full disk, then stopped
            Windows.appendNext(o, TOPICS);
            o.maxPageCount(pageCount());
            for (int i = 0; i < 10; i++) {
                Windows.appendNext(o, TOPICS);
            }
            assertTrue(o.status().pending() > 0, o.status().toString());
        }
        Path spill = dir.resolve("outbox.db.spill");
        assertEquals("nobody", Files.getOwner(spill).getName(), "the service user must be able to read its windows back");
    }

    @Test
    void an_outbox_planted_as_a_symbolic_link_never_changes_the_mode_of_what_it_points_to() throws Exception {
        // the service user owns the data directory; root runs `footfall run` there once
        Path precious = Files.writeString(dir.resolve("precious"), "not a database\n");
        Files.setPosixFilePermissions(precious, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.createSymbolicLink(data.resolve("outbox.db"), precious);
        try (SqliteOutbox o = StandardOutbox.open(data.resolve("outbox.db"), "node-3")) {
            Windows.appendNext(o, TOPICS);
        }
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(precious)),
                "the link's target was made 0600 (a setuid binary would lose its bits)");
        assertEquals("not a database\n", Files.readString(precious));
    }

    @Test
    void a_huge_spill_file_does_not_stop_the_agent_from_starting_under_the_launchers_heap() throws Exception {
        Path spill = dir.resolve("outbox.db.spill");
        try (RandomAccessFile f = new RandomAccessFile(spill.toFile(), "rw")) {
            f.setLength(300L << 20); // 300 MB of zeros and no line break: a damaged file system, sparse here
        }
        String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(jvm, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                io.footfall.agent.testing.OutboxOpenMain.class.getName(), db().toString(), "node-3").redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        assertTrue(said.contains("opened 1 1"), "started, counted one window, and reported the spill file as a fault:\n" + said);
    }

    @Test
    void losing_the_write_ahead_log_never_hands_out_a_seq_again() throws Exception {
        // what is on disk after SIGKILL and `rm outbox.db-wal` (a technician freeing space), or a WAL cut short by a power cut:
        // the main file as last checkpointed, everything else in the directory as it was
        Path lost = Files.createDirectory(dir.resolve("after-rm-wal"));
        List<String> sent = new ArrayList<>();
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            for (int i = 0; i < 300; i++) {
                sent.add(Windows.appendNext(o, TOPICS).id()); // published and acknowledged...
                Windows.deliveredThrough(o, i + 1); // ...and deleted
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().endsWith("-wal")
                        && !f.getFileName().toString().endsWith("-shm")).toList()) {
                    Files.copy(f, lost.resolve(f.getFileName()));
                }
            }
        }
        try (SqliteOutbox o = StandardOutbox.open(lost.resolve("outbox.db"), "node-3")) {
            OutboxMessage next = Windows.appendNext(o, TOPICS);
            assertFalse(sent.contains(next.id()), next.id() + " was already published with other counts");
            assertEquals(301, next.seq(), "seq goes on from the last one handed out");
            assertTrue(o.status().faults().stream().anyMatch(f -> f.contains("write-ahead log")), o.status().faults().toString());
        }
    }

    @Test
    void a_damaged_seq_mark_far_beyond_the_store_is_ignored_rather_than_sending_seq_towards_overflow() throws Exception {
        String stream;
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            stream = o.streamId();
            Windows.appendNext(o, TOPICS);
        }
        Files.writeString(dir.resolve("outbox.db.seq"), stream + " 9223372036854775807\n");
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            assertEquals(2, Windows.appendNext(o, TOPICS).seq());
        }
    }

    @Test
    void a_spill_line_with_a_seq_far_beyond_the_store_is_set_aside_and_counting_goes_on() throws Exception {
        String line;
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            line = OutboxSpill.line(Windows.appendNext(o, TOPICS));
        }
        Files.writeString(dir.resolve("outbox.db.spill"), line.replace("\"seq\":1,", "\"seq\":9223372036854775807,") + "\n");
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            OutboxMessage next = Windows.appendNext(o, TOPICS);
            assertEquals(2, next.seq());
            assertTrue(o.status().faults().stream().anyMatch(f -> f.contains("far beyond")), o.status().faults().toString());
        }
    }

    private long pageCount() {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db()); var s = c.createStatement();
                var r = s.executeQuery("PRAGMA page_count")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void over_its_bound_the_outbox_merges_old_windows_into_hours_and_keeps_every_count() throws Exception {
        OutboxLimits limits = new OutboxLimits(40, 1 << 20, Duration.ofDays(30));
        long appendedIn = 0;
        try (SqliteOutbox o = new SqliteOutbox(db(), "node-3", limits, new CountsMerger(Kinds.STANDARD.sections()))) {
            for (int i = 0; i < 24 * 12; i++) {
                OutboxMessage m = Windows.appendNext(o, TOPICS);
                appendedIn += beamIn(m.payload());
            }
            assertTrue(o.depth() <= 40, "depth " + o.depth());
            assertTrue(o.status().coarsened() > 0);
            assertEquals(0, o.status().dropped());
            long storedIn = 0;
            Ledger ledger = new Ledger();
            List<OutboxMessage> all = o.oldest(1000);
            for (OutboxMessage m : all) {
                storedIn += beamIn(m.payload());
                ledger.accept(io.footfall.agent.receive.CountsParserAccess.parse(m.payload()));
            }
            assertEquals(appendedIn, storedIn, "merging sums counts, it does not drop them");
            assertEquals(List.of(), ledger.gaps(), "merged windows cover their seq range");
            long covered = ledger.received().stream().mapToLong(w -> w.seqLast() - w.seq() + 1).sum();
            assertEquals(288, covered);
            for (int i = 0; i < Outbox.MAX_IN_FLIGHT; i++) {
                assertEquals(i + 1, all.get(i).seq(), "the oldest messages may be in flight and are never merged");
                assertEquals("node-3/" + o.streamId() + "/" + (i + 1), all.get(i).id());
            }
            ReceivedWindow merged = ledger.received().get(Outbox.MAX_IN_FLIGHT);
            assertTrue(merged.id().matches("node-3/" + o.streamId() + "/\\d+-\\d+"), merged.id());
        }
    }

    @Test
    void windows_the_broker_acknowledged_but_the_outbox_could_not_delete_are_never_merged_or_dropped() throws Exception {
        // A full or read-only disk: the forwarder has PUBACKs for seq 1..30 but the delete fails, so
        // the rows stay. Merging them now would send windows the platform already has a second time,
        // under a new id ("…/21-32"), and it would count them twice.
        OutboxLimits limits = new OutboxLimits(40, 1 << 20, Duration.ofDays(30));
        try (SqliteOutbox o = new SqliteOutbox(db(), "node-3", limits, new CountsMerger(Kinds.STANDARD.sections()))) {
            java.util.TreeMap<Long, String> acked = new java.util.TreeMap<>();
            for (int i = 0; i < 30; i++) {
                OutboxMessage m = Windows.appendNext(o, TOPICS);
                acked.put(m.seq(), m.id() + "#not-deleted"); // an id that matches no row: the delete removes nothing
            }
            o.deleteAcknowledged(acked);
            assertEquals(30, o.depth(), "the acknowledged rows are still there");
            for (int i = 0; i < 60; i++) {
                Windows.appendNext(o, TOPICS);
            }
            assertTrue(o.status().coarsened() > 0, "over its bound the outbox still merges newer windows");
            List<OutboxMessage> all = o.oldest(1000);
            for (int i = 0; i < 30; i++) {
                assertEquals("node-3/" + o.streamId() + "/" + (i + 1), all.get(i).id(), "acknowledged window " + (i + 1) + " untouched");
            }
        }
    }

    @Test
    void windows_older_than_the_age_bound_become_hourly_even_below_the_size_bound() {
        OutboxLimits limits = new OutboxLimits(100_000, 64 << 20, Duration.ofHours(6));
        try (SqliteOutbox o = new SqliteOutbox(db(), "node-3", limits, new CountsMerger(Kinds.STANDARD.sections()))) {
            for (int i = 0; i < 24 * 12; i++) {
                Windows.appendNext(o, TOPICS);
            }
            List<OutboxMessage> all = o.oldest(1000);
            long recent = all.stream().filter(m -> m.windowEndMillis() - m.windowStartMillis() == Windows.FIVE_MINUTES
                    && m.windowEndMillis() > o.lastWindowEndMillis() - Duration.ofHours(6).toMillis()).count();
            assertEquals(6 * 12, recent, "the last six hours keep 5-minute resolution");
            assertTrue(all.size() < 24 * 12 / 2, "older ones are hourly: " + all.size());
        }
    }

    @Test
    void limits_come_from_configuration_keys_and_bad_values_name_the_key() {
        OutboxLimits l = OutboxLimits.fromOptions(Map.of("outbox-max-messages", "1000", "outbox-max-age", "36h"));
        assertEquals(1000, l.maxMessages());
        assertEquals(Duration.ofHours(36), l.maxAge());
        assertEquals(OutboxLimits.defaults().maxBytes(), l.maxBytes());
        io.footfall.hal.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(io.footfall.hal.ConfigException.class,
                () -> OutboxLimits.fromOptions(Map.of("outbox-max-bytes", "12")));
        assertEquals("outbox-max-bytes", e.key());
    }

    static long beamIn(byte[] json) throws Exception {
        Map<String, Object> m = JSON.std.mapFrom(json);
        return ((Number) ((Map<?, ?>) m.get("beam")).get("in")).longValue();
    }
}

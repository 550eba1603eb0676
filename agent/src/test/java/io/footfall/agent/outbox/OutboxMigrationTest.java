package io.footfall.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.receive.CountsParserAccess;
import io.footfall.agent.receive.Ledger;
import io.footfall.agent.testing.LegacyOutbox;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.Windows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outbox file written before the seq range had its own column (schema version 0, see
 * {@link LegacyOutbox}) after an upgrade: migrated in place in one transaction, every message kept
 * with its id, seq and range; read as it is when it cannot be written yet, and never lost.
 */
class OutboxMigrationTest {
    static final Topics TOPICS = new Topics("mechelen", "node-3");
    static final String STREAM = "c41e9a";

    @TempDir
    Path dir;

    Path db() {
        return dir.resolve("outbox.db");
    }

    /** 40 windows (2026-11-22 00:00-03:20 UTC), 25-30 (02:00-02:30) coarsened into one message: 35 rows. */
    List<OutboxMessage> legacy() throws Exception {
        return LegacyOutbox.write(db(), TOPICS, STREAM, 40, 25, 30);
    }

    static int userVersion(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file + "?open_mode=1"); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.getInt(1);
        }
    }

    static List<long[]> ranges(Path file) throws Exception {
        List<long[]> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT seq, seq_last FROM outbox ORDER BY seq")) {
            while (r.next()) {
                out.add(new long[] {r.getLong(1), r.getLong(2)});
            }
        }
        return out;
    }

    @Test
    void an_outbox_written_before_the_range_column_is_migrated_in_place_and_keeps_every_id_seq_and_range() throws Exception {
        List<OutboxMessage> before = legacy();
        assertEquals(0, userVersion(db()));
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            assertEquals(before, o.oldest(100), "same ids, seqs, ranges, topics and bytes");
            OutboxMessage merged = o.oldest(100).get(24);
            assertEquals("node-3/" + STREAM + "/25-30", merged.id());
            assertEquals(30, merged.seqLast());
            assertEquals(STREAM, o.streamId());
            assertEquals(40, o.lastSeq());
            assertEquals(List.of(), o.status().faults());
            OutboxMessage next = Windows.appendNext(o, TOPICS);
            assertEquals("node-3/" + STREAM + "/41", next.id());
        }
        assertEquals(OutboxSchema.CURRENT, userVersion(db()));
        List<long[]> ranges = ranges(db());
        assertEquals(36, ranges.size());
        assertEquals(List.of(25L, 30L), List.of(ranges.get(24)[0], ranges.get(24)[1]), "the range is in its column now");
        assertTrue(ranges.stream().filter(r -> r[0] != 25).allMatch(r -> r[0] == r[1]), "single windows cover their own seq");
    }

    @Test
    void coarsening_after_the_migration_joins_an_old_merged_message_by_its_range_and_keeps_every_count() throws Exception {
        List<OutboxMessage> before = legacy();
        long appendedIn = 0;
        for (OutboxMessage m : before) {
            appendedIn += SqliteOutboxTest.beamIn(m.payload());
        }
        OutboxLimits limits = new OutboxLimits(30, 1 << 20, Duration.ofDays(30));
        try (SqliteOutbox o = new SqliteOutbox(db(), "node-3", limits, new CountsMerger(Kinds.STANDARD.sections()))) {
            for (int i = 0; i < 24; i++) {
                appendedIn += SqliteOutboxTest.beamIn(Windows.appendNext(o, TOPICS).payload());
            }
            assertTrue(o.status().coarsened() > 0);
            Ledger ledger = new Ledger();
            long storedIn = 0;
            for (OutboxMessage m : o.oldest(1000)) {
                storedIn += SqliteOutboxTest.beamIn(m.payload());
                ledger.accept(CountsParserAccess.parse(m.payload()));
                assertEquals(m.seqLast(), ledger.received().get(ledger.received().size() - 1).seqLast(), "the row's range is the payload's");
            }
            assertEquals(appendedIn, storedIn, "merging sums counts");
            assertEquals(List.of(), ledger.gaps());
            assertEquals(64, ledger.received().stream().mapToLong(w -> w.seqLast() - w.seq() + 1).sum(), "windows 1-64 covered once each");
            assertTrue(ledger.received().stream().allMatch(w -> w.seqLast() < 25 || w.seq() > 30 || w.seq() <= 25 && w.seqLast() >= 30),
                    "the old merged message is never split");
            assertTrue(ledger.received().stream().anyMatch(w -> w.id().equals("node-3/" + STREAM + "/25-36") && w.seqLast() == 36),
                    "the old 25-30 and the single windows 31-36 of that clock hour became one hourly message");
        }
    }

    @Test
    void a_technician_reads_an_old_outbox_with_its_ranges_without_writing_or_migrating_it() throws Exception {
        List<OutboxMessage> before = legacy();
        Map<String, byte[]> files = OutboxFilesTest.snapshot(dir);
        assertEquals(before, OutboxFile.list(db(), 100));
        assertEquals(30, OutboxFile.list(db(), 100).get(24).seqLast());
        assertEquals(35, OutboxFile.summary(db()).depth());
        assertEquals(java.util.Optional.empty(), OutboxFile.damage(db()));
        OutboxFilesTest.assertUntouched(files, dir);
        assertEquals(0, userVersion(db()));
    }

    @Test
    void a_migration_that_cannot_write_yet_leaves_the_file_readable_holds_new_windows_and_completes_later() throws Exception {
        List<OutboxMessage> before = legacy();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement lock = writer.createStatement()) {
            lock.execute("BEGIN IMMEDIATE"); // another writer holds the file: the migration gets SQLITE_BUSY
            try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
                assertFalse(o.status().storageOk());
                assertTrue(o.status().faults().get(0).contains("cannot migrate the outbox"), o.status().faults().toString());
                assertEquals(before, o.oldest(100), "its messages are read as they are, ranges from their ids");
                OutboxMessage held = Windows.appendNext(o, TOPICS);
                assertEquals(41, held.seq());
                assertEquals(1, o.status().pending(), "the new window is held in memory");
                lock.execute("ROLLBACK");
                OutboxMessage next = Windows.appendNext(o, TOPICS);
                assertEquals(42, next.seq());
                assertEquals(0, o.status().pending());
                assertTrue(o.status().storageOk());
                List<OutboxMessage> all = o.oldest(100);
                assertEquals(before, all.subList(0, before.size()));
                assertEquals(List.of(41L, 42L), all.subList(before.size(), all.size()).stream().map(OutboxMessage::seq).toList());
            }
        }
        assertEquals(OutboxSchema.CURRENT, userVersion(db()));
    }

    @Test
    void a_stored_id_that_does_not_match_its_seq_is_damage_the_file_is_quarantined_and_the_rest_salvaged() throws Exception {
        List<OutboxMessage> before = legacy();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
            s.execute("UPDATE outbox SET id = 'node-3/" + STREAM + "/7' WHERE seq = 5");
        }
        try (SqliteOutbox o = StandardOutbox.open(db(), "node-3")) {
            assertNotEquals(STREAM, o.streamId(), "a new stream");
            assertTrue(o.status().faults().get(0).contains("moved aside"), o.status().faults().toString());
            List<OutboxMessage> salvaged = o.oldest(100);
            assertEquals(before.stream().filter(m -> m.seq() != 5).toList(), salvaged, "every other message kept with its id and range");
            assertEquals(41, Windows.appendNext(o, TOPICS).seq(), "seq goes on");
        }
        try (Stream<Path> s = Files.list(dir)) {
            Path aside = s.filter(p -> p.getFileName().toString().matches("outbox\\.db\\.corrupt-\\d+")).findFirst().orElseThrow();
            assertEquals(before.size(), OutboxFile.summary(aside).depth(), "the quarantined file keeps everything, the damaged row too");
        }
    }

    @Test
    void a_file_written_by_a_newer_footfall_is_refused_and_left_untouched() throws Exception {
        legacy();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version=" + (OutboxSchema.CURRENT + 1));
        }
        OutboxException e = assertThrows(OutboxException.class, () -> StandardOutbox.open(db(), "node-3"));
        assertTrue(String.valueOf(e.getMessage()).contains("newer footfall"), e.getMessage());
        assertEquals(OutboxSchema.CURRENT + 1, userVersion(db()));
        assertEquals(35, OutboxFile.summary(db()).depth(), "nothing moved aside or removed");
        assertEquals(List.of(), OutboxFile.summary(db()).quarantined());
    }
}

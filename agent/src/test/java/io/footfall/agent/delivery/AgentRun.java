package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.Subscriber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the end-to-end delivery tests share: reading a running agent's outbox and log, and the platform's verdict. */
final class AgentRun {
    private AgentRun() {}

    /** Seqs stored in the outbox, read without writing anything (the agent may be running). */
    static TreeSet<Long> storedSeqs(Path db) {
        TreeSet<Long> seqs = new TreeSet<>();
        if (!Files.exists(db)) {
            return seqs;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
                Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT seq FROM outbox")) {
            while (r.next()) {
                seqs.add(r.getLong(1));
            }
        } catch (SQLException e) {
            // not created yet, or busy: the caller polls
        }
        return seqs;
    }

    /** The last seq handed out, as committed in the outbox. */
    static long lastSeq(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
                Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM meta WHERE k = 'last_seq'")) {
            return r.next() ? Long.parseLong(r.getString(1)) : 0;
        } catch (SQLException e) {
            throw new AssertionError("cannot read " + db, e);
        }
    }

    /** SIGTERM ends the JVM with 143 (128 + 15) once its shutdown hook has closed the node. */
    static void stopped(int exitCode) {
        assertTrue(exitCode == 0 || exitCode == 143, "exit code after SIGTERM: " + exitCode);
    }

    static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    static void awaitLog(Path file, String what, long times, long seconds) {
        Delivered.waitFor(times + " x '" + what + "' in " + file, seconds, () -> count(log(file), what) >= times);
    }

    /**
     * The platform's verdict: every seq from 1 to {@code lastSeq} was either received or is still in
     * the outbox, every re-send was byte-identical, and no id was used for two different windows.
     *
     * @return received messages by seq
     */
    static TreeMap<Long, Map<String, Object>> everyWindowOnce(Subscriber platform, long lastSeq, TreeSet<Long> stillStored) throws IOException {
        TreeMap<Long, String> bySeq = new TreeMap<>();
        Map<String, String> byId = new HashMap<>();
        TreeMap<Long, Map<String, Object>> parsed = new TreeMap<>();
        for (Subscriber.Received r : platform.received()) {
            Map<String, Object> m = JSON.std.mapFrom(r.payload());
            long seq = ((Number) m.get("seq")).longValue();
            String id = (String) m.get("id");
            String before = bySeq.putIfAbsent(seq, r.payload());
            assertTrue(before == null || before.equals(r.payload()), "a re-send of seq " + seq + " is byte-identical");
            String sameId = byId.putIfAbsent(id, r.payload());
            assertTrue(sameId == null || sameId.equals(r.payload()), "id " + id + " is never reused for other counts");
            parsed.putIfAbsent(seq, m);
        }
        TreeSet<Long> all = new TreeSet<>(bySeq.keySet());
        all.addAll(stillStored);
        assertEquals(lastSeq, all.size(), "every window from 1 to " + lastSeq + " received or still stored; received " + bySeq.keySet());
        assertEquals(1L, all.first());
        assertEquals(lastSeq, (long) all.last());
        return parsed;
    }
}

package io.footfall.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.receive.CountsParser;
import io.footfall.agent.receive.Gap;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Sink;
import io.footfall.agent.receive.Sink.Put;
import io.footfall.agent.testing.Windows;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** One contract for every database the store runs on; subclasses say where the store lives. */
abstract class StoreContract {
    static final Topics N1 = new Topics("gent", "n1");
    static final ObjectMapper JSON = new ObjectMapper();

    /** A new, empty store's {@code --store} value. */
    abstract String newStore() throws Exception;

    static ReceivedWindow window(long seq) {
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        return CountsParser.parse(N1.counts(), Windows.json(N1, seq, "n1/abc123/" + seq, start, start + Windows.FIVE_MINUTES), Kinds.STANDARD.sections());
    }

    /** What the node's outbox sends when it coarsened windows {@code seq..seqLast} into one message. */
    static ReceivedWindow merged(long seq, long seqLast) throws Exception {
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        ObjectNode m = (ObjectNode) JSON.readTree(Windows.json(N1, seq, "n1/abc123/" + seq + "-" + seqLast, start,
                Windows.DAY0 + seqLast * Windows.FIVE_MINUTES));
        m.put("seqLast", seqLast);
        m.put("merged", (int) (seqLast - seq + 1));
        ((ObjectNode) m.get("wifi")).remove("dwell");
        return CountsParser.parse(N1.counts(), JSON.writeValueAsBytes(m), Kinds.STANDARD.sections());
    }

    /**
     * A window the node watched for 150 of its 300 s (the agent restarted half-way), capturing Wi-Fi
     * for 120 s, with an 80% interval of estimate − 5 .. estimate + 7.
     */
    static ReceivedWindow partial(Topics t, long seq) throws Exception {
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        ObjectNode m = (ObjectNode) JSON.readTree(Windows.json(t, seq, t.node() + "/abc123/" + seq, start, start + Windows.FIVE_MINUTES));
        ((ObjectNode) m.get("coverage")).put("counting", 150);
        ObjectNode wifi = (ObjectNode) m.get("wifi");
        int estimated = wifi.get("estimated").asInt();
        wifi.put("capturing", 120).put("estimatedLow", estimated - 5).put("estimatedHigh", estimated + 7);
        return CountsParser.parse(t.counts(), JSON.writeValueAsBytes(m), Kinds.STANDARD.sections());
    }

    /** A window as a node from before coverage sends it: no coverage, no capturing or channels, no interval, no blockedSeconds. */
    static ReceivedWindow older(Topics t, long seq) throws Exception {
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        ObjectNode m = (ObjectNode) JSON.readTree(Windows.json(t, seq, t.node() + "/abc123/" + seq, start, start + Windows.FIVE_MINUTES));
        m.remove("coverage");
        ((ObjectNode) m.get("wifi")).remove(List.of("capturing", "channels", "estimatedLow", "estimatedHigh"));
        m.get("beam").get("passages").forEach(p -> ((ObjectNode) p).remove("blockedSeconds"));
        ReceivedWindow w = CountsParser.parse(t.counts(), JSON.writeValueAsBytes(m), Kinds.STANDARD.sections());
        assertTrue(w.coverage().isEmpty());
        return w;
    }

    /** The coverage columns of one row: counting, of, capturing, estimated low, high, estimated (null: NULL). */
    List<Long> coverageColumns(String url, String id) throws Exception {
        StoreUrl u = StoreUrl.parse(url);
        try (Connection c = DriverManager.getConnection(u.jdbcUrl(), u.user().orElse(null), u.password().orElse(null));
                PreparedStatement st = c.prepareStatement("SELECT coverage_counting, coverage_of, wifi_capturing, wifi_estimated_low, "
                        + "wifi_estimated_high, wifi_estimated FROM windows WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), id);
                List<Long> out = new ArrayList<>();
                for (int i = 1; i <= 6; i++) {
                    long v = rs.getLong(i);
                    out.add(rs.wasNull() ? null : v);
                }
                return out;
            }
        }
    }

    @Test
    void coverage_and_the_wifi_interval_are_stored_in_columns_and_an_older_node_leaves_them_null_not_full() throws Exception {
        String url = newStore();
        ReceivedWindow full = window(1);
        ReceivedWindow half = partial(N1, 2);
        ReceivedWindow old = older(N1, 3);
        try (CountsStore s = CountsStore.open(StoreUrl.parse(url))) {
            s.putAll(List.of(new Sink.Item(N1.counts(), full), new Sink.Item(N1.counts(), half), new Sink.Item(N1.counts(), old)));
        }
        long est1 = full.wifi().get().estimated();
        long low1 = full.wifi().get().estimatedLow();
        long high1 = full.wifi().get().estimatedHigh();
        assertEquals(Arrays.asList(300L, 300L, 300L, low1, high1, est1), coverageColumns(url, full.id()), "watched throughout, the interval as sent");
        long est2 = half.wifi().get().estimated();
        assertEquals(Arrays.asList(150L, 300L, 120L, est2 - 5, est2 + 7, est2), coverageColumns(url, half.id()));
        long est3 = old.wifi().get().estimated();
        assertEquals(Arrays.asList(null, null, null, est3, est3, est3), coverageColumns(url, old.id()), "coverage unknown");
    }

    @Test
    void upgrading_a_version_2_store_fills_the_coverage_columns_from_the_stored_payloads() throws Exception {
        String url = newStore();
        StoreUrl u = StoreUrl.parse(url);
        Flyway.configure().dataSource(u.jdbcUrl(), u.user().orElse(null), u.password().orElse(null))
                .locations("classpath:io/footfall/agent/store/migration/" + (u.kind() == StoreUrl.Kind.SQLITE ? "sqlite" : "postgresql"))
                .target("2").load().migrate();
        ReceivedWindow half = partial(N1, 1);
        ReceivedWindow old = older(N1, 2);
        ObjectNode suppressed = JSON.valueToTree(window(3).json());
        ((ObjectNode) suppressed.get("wifi")).put("suppressed", true).put("estimated", 0).put("devices", 0).put("universal", 0).put("randomized", 0)
                .remove(List.of("estimatedLow", "estimatedHigh", "dwell"));
        ReceivedWindow hidden = CountsParser.parse(N1.counts(), JSON.writeValueAsBytes(suppressed), Kinds.STANDARD.sections());
        try (Connection c = DriverManager.getConnection(u.jdbcUrl(), u.user().orElse(null), u.password().orElse(null));
                PreparedStatement st = c.prepareStatement("INSERT INTO windows (id, site, node, stream, seq, seq_last, merged, window_start, "
                        + "window_end, clock_synced, beam_in, beam_out, wifi_estimated, wifi_suppressed, digest, payload, received_at) "
                        + "VALUES (?, 'gent', 'n1', 'abc123', ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0)")) {
            for (ReceivedWindow w : List.of(half, old, hidden)) {
                int i = 0;
                st.setString(++i, w.id());
                st.setLong(++i, w.seq());
                st.setLong(++i, w.seq());
                st.setLong(++i, w.start().toEpochMilli());
                st.setLong(++i, w.end().toEpochMilli());
                st.setBoolean(++i, true);
                st.setInt(++i, w.beamIn());
                st.setInt(++i, w.beamOut());
                st.setInt(++i, w.wifi().get().estimated());
                st.setBoolean(++i, w.wifi().get().suppressed());
                st.setString(++i, JSON.writeValueAsString(w.json()));
                st.executeUpdate();
            }
        }
        try (CountsStore s = CountsStore.open(u)) {
            assertEquals("5", s.schemaVersion());
        }
        long est1 = half.wifi().get().estimated();
        assertEquals(Arrays.asList(150L, 300L, 120L, est1 - 5, est1 + 7, est1), coverageColumns(url, half.id()));
        long est2 = old.wifi().get().estimated();
        assertEquals(Arrays.asList(null, null, null, est2, est2, est2), coverageColumns(url, old.id()), "coverage unknown, not full");
        assertEquals(Arrays.asList(300L, 300L, 300L, null, null, 0L), coverageColumns(url, hidden.id()), "a suppressed estimate has no interval");
    }

    static ReceivedWindow withBeamIn(ReceivedWindow w, int in) throws Exception {
        ObjectNode m = JSON.valueToTree(w.json());
        ((ObjectNode) m.get("beam")).put("in", in);
        return CountsParser.parse(N1.counts(), JSON.writeValueAsBytes(m), Kinds.STANDARD.sections());
    }

    @Test
    void each_window_is_stored_once_and_a_resend_is_a_duplicate() throws Exception {
        try (CountsStore s = CountsStore.open(StoreUrl.parse(newStore()))) {
            assertEquals(Put.STORED, s.put(N1.counts(), window(1)));
            assertEquals(Put.STORED, s.put(N1.counts(), window(2)));
            assertEquals(Put.DUPLICATE, s.put(N1.counts(), window(1)));
            assertEquals(2, s.count());
            List<ReceivedWindow> back = new ArrayList<>();
            s.windows(Optional.empty(), Optional.empty(), back::add);
            assertEquals(List.of(window(1).json(), window(2).json()), back.stream().map(ReceivedWindow::json).toList());
        }
    }

    @Test
    void the_same_id_with_other_content_is_kept_aside_and_the_first_stands() throws Exception {
        try (CountsStore s = CountsStore.open(StoreUrl.parse(newStore()))) {
            assertEquals(Put.STORED, s.put(N1.counts(), window(1)));
            assertEquals(Put.CONFLICT, s.put(N1.counts(), withBeamIn(window(1), 4242)));
            assertEquals(Put.CONFLICT, s.put(N1.counts(), withBeamIn(window(1), 4242)));
            assertEquals(1, s.count());
            assertEquals(1, s.conflicts());
            List<ReceivedWindow> back = new ArrayList<>();
            s.windows(Optional.empty(), Optional.empty(), back::add);
            assertEquals(window(1).beamIn(), back.get(0).beamIn());
        }
    }

    @Test
    void gaps_are_kept_per_stream_and_close_when_late_resends_or_a_merged_message_arrive() throws Exception {
        try (CountsStore s = CountsStore.open(StoreUrl.parse(newStore()))) {
            for (long seq : new long[] {1, 2, 6, 9, 10}) {
                s.put(N1.counts(), window(seq));
            }
            assertEquals(List.of(new Gap("gent", "n1", "abc123", 3, 5), new Gap("gent", "n1", "abc123", 7, 8)), s.gaps("gent"));
            assertEquals(List.of(), s.gaps("other-site"));
            s.put(N1.counts(), merged(3, 5));
            assertEquals(List.of(new Gap("gent", "n1", "abc123", 7, 8)), s.gaps("+"));
            s.put(N1.counts(), window(7));
            s.put(N1.counts(), window(8));
            assertEquals(List.of(), s.gaps("+"));
            List<ReceivedWindow> back = new ArrayList<>();
            s.windows(Optional.of(Instant.ofEpochMilli(Windows.DAY0 + 2 * Windows.FIVE_MINUTES)),
                    Optional.of(Instant.ofEpochMilli(Windows.DAY0 + 6 * Windows.FIVE_MINUTES)), back::add);
            assertEquals(List.of("n1/abc123/3-5", "n1/abc123/6"), back.stream().map(ReceivedWindow::id).toList(),
                    "the merged message is one row, as sent, with its three windows' span");
            assertEquals(3, back.get(0).json().get("merged"));
        }
    }

    @Test
    void several_writers_on_one_store_land_each_window_exactly_once() throws Exception {
        String url = newStore();
        CountsStore.open(StoreUrl.parse(url)).close();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<CountsStore> stores = new ArrayList<>();
        try {
            List<Future<Integer>> stored = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                CountsStore s = CountsStore.open(StoreUrl.parse(url));
                stores.add(s);
                stored.add(pool.submit(() -> {
                    int n = 0;
                    for (long seq = 1; seq <= 60; seq++) {
                        n += s.put(N1.counts(), window(seq)) == Put.STORED ? 1 : 0;
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : stored) {
                total += f.get();
            }
            assertEquals(60, total, "each window stored by exactly one writer");
            assertEquals(60, stores.get(0).count());
            assertEquals(List.of(), stores.get(0).gaps("+"));
        } finally {
            pool.shutdownNow();
            stores.forEach(CountsStore::close);
        }
    }

    static final Topics SITE_A = new Topics("a", "node-001");
    static final Topics SITE_B = new Topics("b", "node-001");

    /** Window {@code seq} of {@code node-001} at site {@code t.site()}, on stream {@code c0ffee} whatever the site. */
    static ReceivedWindow sameStream(Topics t, long seq, int beamIn) throws Exception {
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        ObjectNode m = (ObjectNode) JSON.readTree(Windows.json(t, seq, t.node() + "/c0ffee/" + seq, start, start + Windows.FIVE_MINUTES));
        ((ObjectNode) m.get("beam")).put("in", beamIn);
        return CountsParser.parse(t.counts(), JSON.writeValueAsBytes(m), Kinds.STANDARD.sections());
    }

    @Test
    void two_sites_nodes_with_the_same_name_and_stream_id_are_both_stored_without_conflict_and_with_their_own_gaps() throws Exception {
        try (CountsStore s = CountsStore.open(StoreUrl.parse(newStore()))) {
            for (long seq : new long[] {1, 2, 5}) {
                assertEquals(Put.STORED, s.put(SITE_A.counts(), sameStream(SITE_A, seq, 10)));
            }
            for (long seq : new long[] {1, 3, 4}) {
                assertEquals(Put.STORED, s.put(SITE_B.counts(), sameStream(SITE_B, seq, 20)),
                        "b's node-001/c0ffee/" + seq + " is not a's window of the same id");
            }
            assertEquals(6, s.count());
            assertEquals(0, s.conflicts());
            assertEquals(List.of(new Gap("a", "node-001", "c0ffee", 3, 4)), s.gaps("a"));
            assertEquals(List.of(new Gap("b", "node-001", "c0ffee", 2, 2)), s.gaps("b"));
            assertEquals(List.of(new Gap("a", "node-001", "c0ffee", 3, 4), new Gap("b", "node-001", "c0ffee", 2, 2)), s.gaps("+"));
            assertEquals(List.of(new Gap("b", "node-001", "c0ffee", 2, 2)),
                    s.gaps("b", "node-001").stream().map(CountsStore.GapSpan::gap).toList());

            assertEquals(Put.DUPLICATE, s.put(SITE_B.counts(), sameStream(SITE_B, 1, 20)), "a re-send is still a duplicate within its site");
            assertEquals(Put.CONFLICT, s.put(SITE_B.counts(), sameStream(SITE_B, 1, 99)), "other content within one site is still a conflict");
            assertEquals(6, s.count());
            assertEquals(1, s.conflicts());
            List<Integer> in = new ArrayList<>();
            s.windows(Optional.empty(), Optional.empty(), w -> in.add(w.beamIn()));
            assertEquals(List.of(10, 20, 10, 20, 20, 10), in, "both sites' windows, by start then site; the first arrival stands");
        }
    }

    @Test
    void upgrading_a_version_3_store_keeps_its_rows_and_conflicts_and_keys_them_by_site() throws Exception {
        String url = newStore();
        StoreUrl u = StoreUrl.parse(url);
        Flyway.configure().dataSource(u.jdbcUrl(), u.user().orElse(null), u.password().orElse(null))
                .locations(migrations(u)).target("3").load().migrate();
        ReceivedWindow first = sameStream(SITE_A, 1, 10);
        ReceivedWindow second = sameStream(SITE_A, 3, 10);
        ReceivedWindow clash = sameStream(SITE_A, 3, 77);
        try (Connection c = DriverManager.getConnection(u.jdbcUrl(), u.user().orElse(null), u.password().orElse(null));
                PreparedStatement st = c.prepareStatement("INSERT INTO windows (id, site, node, stream, seq, seq_last, merged, window_start, "
                        + "window_end, clock_synced, beam_in, beam_out, wifi_estimated, wifi_suppressed, digest, payload, received_at, "
                        + "coverage_counting, coverage_of) VALUES (?, 'a', 'node-001', ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 150, 300)");
                PreparedStatement conflict = c.prepareStatement(
                        "INSERT INTO conflicts (id, digest, topic, payload, received_at) VALUES (?, ?, ?, ?, 0)")) {
            for (ReceivedWindow w : List.of(first, second)) {
                int i = 0;
                st.setString(++i, w.id());
                st.setString(++i, w.stream());
                st.setLong(++i, w.seq());
                st.setLong(++i, w.seq());
                st.setLong(++i, w.start().toEpochMilli());
                st.setLong(++i, w.end().toEpochMilli());
                st.setBoolean(++i, true);
                st.setInt(++i, w.beamIn());
                st.setInt(++i, w.beamOut());
                st.setInt(++i, w.wifi().get().estimated());
                st.setBoolean(++i, false);
                st.setLong(++i, io.footfall.agent.receive.Ledger.digest(w.json()));
                st.setString(++i, JSON.writeValueAsString(w.json()));
                st.executeUpdate();
            }
            conflict.setString(1, clash.id());
            conflict.setLong(2, io.footfall.agent.receive.Ledger.digest(clash.json()));
            conflict.setString(3, SITE_A.counts());
            conflict.setString(4, JSON.writeValueAsString(clash.json()));
            conflict.executeUpdate();
        }
        try (CountsStore s = CountsStore.open(u)) {
            assertEquals("5", s.schemaVersion());
            assertEquals(2, s.count(), "every row kept");
            assertEquals(1, s.conflicts(), "the conflict kept");
            List<ReceivedWindow> back = new ArrayList<>();
            s.windows(Optional.empty(), Optional.empty(), back::add);
            assertEquals(List.of(first.json(), second.json()), back.stream().map(ReceivedWindow::json).toList());
            assertEquals(Arrays.asList(150L, 300L, 150L), coverageColumns(url, first.id()).subList(0, 3),
                    "columns kept, capturing filled with its compact default (coverage.counting)");
            assertEquals(List.of(new Gap("a", "node-001", "c0ffee", 2, 2)), s.gaps("a"), "the gaps view is back");
            assertEquals(Put.DUPLICATE, s.put(SITE_A.counts(), second), "the key still holds after the upgrade");
            assertEquals(Put.CONFLICT, s.put(SITE_A.counts(), clash));
            assertEquals(1, s.conflicts(), "the same conflict, recognised by its (site, id, digest)");
            assertEquals(Put.STORED, s.put(SITE_B.counts(), sameStream(SITE_B, 3, 10)), "the same id at another site is another window");
            assertEquals(3, s.count());
        }
        try (Connection c = DriverManager.getConnection(u.jdbcUrl(), u.user().orElse(null), u.password().orElse(null));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT site, id FROM conflicts")) {
            assertTrue(rs.next());
            assertEquals(List.of("a", clash.id()), List.of(rs.getString(1), rs.getString(2)), "the conflict's site, from its payload");
        }
    }

    @Test
    void a_nodes_health_is_one_row_replaced_by_a_later_snapshot_and_never_by_an_earlier_one() throws Exception {
        try (CountsStore s = CountsStore.open(StoreUrl.parse(newStore()))) {
            for (String time : List.of("2026-11-22T10:00:00Z", "2026-11-22T11:00:00Z", "2026-11-22T09:00:00Z")) {
                s.health(io.footfall.agent.receive.ReceivedHealth.parse(JSON.writeValueAsBytes(
                        DeviceExportTest.health("gent", "n1", time, false, "running"))));
            }
            s.health(io.footfall.agent.receive.ReceivedHealth.parse(JSON.writeValueAsBytes(
                    DeviceExportTest.health("other", "n1", "2026-11-22T08:00:00Z", false, "running"))));
            List<String> kept = new ArrayList<>();
            s.health(h -> kept.add(h.site() + "/" + h.node() + " " + h.time()));
            assertEquals(List.of("gent/n1 2026-11-22T11:00:00Z", "other/n1 2026-11-22T08:00:00Z"), kept);
        }
    }

    static String migrations(StoreUrl u) {
        return "classpath:io/footfall/agent/store/migration/" + (u.kind() == StoreUrl.Kind.SQLITE ? "sqlite" : "postgresql");
    }

    @Test
    void reopening_keeps_the_data_and_the_schema_version() throws Exception {
        String url = newStore();
        try (CountsStore s = CountsStore.open(StoreUrl.parse(url))) {
            s.put(N1.counts(), window(1));
        }
        try (CountsStore s = CountsStore.open(StoreUrl.parse(url))) {
            assertEquals(1, s.count());
            assertEquals(Put.DUPLICATE, s.put(N1.counts(), window(1)));
            assertEquals("5", s.schemaVersion());
        }
    }
}

package io.footfall.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.receive.CountsParser;
import io.footfall.agent.receive.Gap;
import io.footfall.agent.receive.Ledger;
import io.footfall.agent.receive.ReceivedHealth;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Sink;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's store of counts: SQLite (embedded, one file) or PostgreSQL, same tables, created and
 * upgraded by Flyway from {@code io/footfall/agent/store/migration/{sqlite,postgresql}/V*.sql}.
 *
 * <p>De-duplication happens in the database: {@code (windows.site, windows.id)} is the primary key
 * (since schema version 4; an id {@code node/stream/seq} is unique within a site only, node names
 * repeat across sites) and {@link #put} inserts with {@code ON CONFLICT (site, id) DO NOTHING}, so
 * any number of receivers may write one store, each window lands exactly once, and a re-send is a
 * no-op. An id that arrives
 * with other content than the row stored is kept aside in {@code conflicts}. A merged (coarsened)
 * message is one row covering {@code seq..seq_last} with its {@code merged} count, never split into
 * made-up windows. Gaps are the view {@code gaps}, derived from the rows, so a late re-send closes
 * its gap whichever receiver stores it. Since schema version 3 a row also holds its coverage and
 * the Wi-Fi estimate's interval in columns, NULL where the node did not say (older than coverage).
 *
 * <p>Thread-safe (one connection, calls serialised). A connection that fails is dropped and opened
 * again on the next call.
 */
public final class CountsStore implements Sink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CountsStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = "INSERT INTO windows (id, site, node, stream, seq, seq_last, merged, window_start, window_end, "
            + "clock_synced, beam_in, beam_out, wifi_devices, wifi_universal, wifi_randomized, wifi_estimated, wifi_suppressed, wifi_k, "
            + "digest, payload, received_at, coverage_counting, coverage_of, wifi_capturing, wifi_estimated_low, wifi_estimated_high) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site, id) DO NOTHING";

    private final StoreUrl url;
    private Connection connection;

    private CountsStore(StoreUrl url) {
        this.url = url;
    }

    /** Opens the store and brings its schema to the latest version. */
    public static CountsStore open(StoreUrl url) {
        CountsStore s = new CountsStore(url);
        s.migrate();
        s.connection();
        return s;
    }

    public StoreUrl url() {
        return url;
    }

    private void migrate() {
        String folder = url.kind() == StoreUrl.Kind.SQLITE ? "sqlite" : "postgresql";
        try {
            Flyway.configure()
                    .dataSource(url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null))
                    .locations("classpath:io/footfall/agent/store/migration/" + folder)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot bring the store " + url + " to the current schema: " + e.getMessage(), e);
        }
    }

    private Connection connection() {
        try {
            if (connection == null || connection.isClosed()) {
                Properties p = new Properties();
                url.user().ifPresent(u -> p.setProperty("user", u));
                url.password().ifPresent(pw -> p.setProperty("password", pw));
                Connection c = DriverManager.getConnection(url.jdbcUrl(), p);
                if (url.kind() == StoreUrl.Kind.SQLITE) {
                    try (Statement st = c.createStatement()) {
                        st.execute("PRAGMA journal_mode=WAL");
                        // a window is acknowledged to the broker once stored: it must survive a power cut
                        st.execute("PRAGMA synchronous=FULL");
                        // several receivers may share one file: wait for the writer lock instead of failing
                        st.execute("PRAGMA busy_timeout=10000");
                    }
                }
                connection = c;
            }
            return connection;
        } catch (SQLException e) {
            throw failed("cannot connect to the store " + url, e);
        }
    }

    @Override
    public synchronized Put put(String topic, ReceivedWindow w) {
        return putAll(List.of(new Item(topic, w))).get(0);
    }

    /**
     * All in one transaction: the inserts as one JDBC batch, then, for the ids that were already
     * there, a look at the stored digest (duplicate or conflict). One commit, one fsync, for the lot.
     */
    @Override
    public synchronized List<Put> putAll(List<Item> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                long[] digests = new long[items.size()];
                String[] payloads = new String[items.size()];
                int[] counts;
                try (PreparedStatement st = c.prepareStatement(INSERT)) {
                    for (int k = 0; k < items.size(); k++) {
                        ReceivedWindow w = items.get(k).window();
                        digests[k] = Ledger.digest(w.json());
                        payloads[k] = json(w);
                        bind(st, w, digests[k], payloads[k], now);
                        st.addBatch();
                    }
                    counts = st.executeBatch();
                }
                List<Put> out = new ArrayList<>(items.size());
                for (int k = 0; k < items.size(); k++) {
                    if (counts[k] == 1 || counts[k] == Statement.SUCCESS_NO_INFO && stored(c, items.get(k).window(), digests[k], now)) {
                        out.add(Put.STORED);
                        continue;
                    }
                    ReceivedWindow w = items.get(k).window();
                    Long first = digestOf(c, w);
                    if (first != null && first == digests[k]) {
                        out.add(Put.DUPLICATE);
                    } else {
                        insertConflict(c, items.get(k).topic(), w, digests[k], payloads[k]);
                        out.add(Put.CONFLICT);
                    }
                }
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is dropped below anyway
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // dropped on the next failure
                }
            }
        } catch (SQLException e) {
            throw failed("cannot store " + items.size() + " windows (" + items.get(0).window().id() + ", …) in " + url, e);
        }
    }

    /** For drivers that do not count a batch's rows: was this row inserted by us just now? */
    private static boolean stored(Connection c, ReceivedWindow w, long digest, long now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT received_at FROM windows WHERE site = ? AND id = ? AND digest = ?")) {
            st.setString(1, w.site());
            st.setString(2, w.id());
            st.setLong(3, digest);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getLong(1) == now;
            }
        }
    }

    private static Long digestOf(Connection c, ReceivedWindow w) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT digest FROM windows WHERE site = ? AND id = ?")) {
            st.setString(1, w.site());
            st.setString(2, w.id());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void bind(PreparedStatement st, ReceivedWindow w, long digest, String payload, long now) throws SQLException {
        int i = 0;
        st.setString(++i, w.id());
        st.setString(++i, w.site());
        st.setString(++i, w.node());
        st.setString(++i, w.stream());
        st.setLong(++i, w.seq());
        st.setLong(++i, w.seqLast());
        st.setInt(++i, w.merged());
        st.setLong(++i, w.start().toEpochMilli());
        st.setLong(++i, w.end().toEpochMilli());
        st.setBoolean(++i, w.clockSynced());
        st.setInt(++i, w.beamIn());
        st.setInt(++i, w.beamOut());
        if (w.wifi().isPresent()) {
            ReceivedWindow.Wifi x = w.wifi().get();
            st.setInt(++i, x.devices());
            st.setInt(++i, x.universal());
            st.setInt(++i, x.randomized());
            st.setInt(++i, x.estimated());
            st.setBoolean(++i, x.suppressed());
            st.setInt(++i, x.k());
        } else {
            for (int k = 0; k < 4; k++) {
                st.setNull(++i, Types.INTEGER);
            }
            st.setNull(++i, Types.BOOLEAN);
            st.setNull(++i, Types.INTEGER);
        }
        st.setLong(++i, digest);
        st.setString(++i, payload);
        st.setLong(++i, now);
        // coverage: NULL (unknown) for a node older than it, never "watched throughout"
        Optional<Coverage> coverage = w.coverage();
        setLong(st, ++i, coverage.map(Coverage::counting));
        setLong(st, ++i, coverage.map(Coverage::of));
        setLong(st, ++i, coverage.flatMap(Coverage::wifi).map(Coverage.Wifi::capturing));
        Optional<ReceivedWindow.Wifi> shown = w.wifi().filter(x -> !x.suppressed());
        setLong(st, ++i, shown.map(x -> (long) x.estimatedLow()));
        setLong(st, ++i, shown.map(x -> (long) x.estimatedHigh()));
    }

    private static void setLong(PreparedStatement st, int i, Optional<Long> v) throws SQLException {
        if (v.isPresent()) {
            st.setLong(i, v.get());
        } else {
            st.setNull(i, Types.BIGINT);
        }
    }

    @Override
    public synchronized void conflict(String topic, ReceivedWindow w) {
        try {
            insertConflict(connection(), topic, w, Ledger.digest(w.json()), json(w));
        } catch (SQLException e) {
            throw failed("cannot record the conflict " + w.id() + " in " + url, e);
        }
    }

    private static void insertConflict(Connection c, String topic, ReceivedWindow w, long digest, String payload) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO conflicts (site, id, digest, topic, payload, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            st.setString(1, w.site());
            st.setString(2, w.id());
            st.setLong(3, digest);
            st.setString(4, topic);
            st.setString(5, payload);
            st.setLong(6, System.currentTimeMillis());
            st.executeUpdate();
        }
    }

    /** The store keeps each node's last health snapshot (schema version 5), for the Device export. */
    @Override
    public boolean keepsHealth() {
        return true;
    }

    /** Keeps {@code h} as its node's health unless the row holds a later snapshot (by the node's time). */
    @Override
    public synchronized void health(ReceivedHealth h) {
        String sql = "INSERT INTO node_health (site, node, time, payload, received_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (site, node) DO UPDATE SET time = excluded.time, payload = excluded.payload, received_at = excluded.received_at "
                + "WHERE excluded.time >= node_health.time";
        try (PreparedStatement st = connection().prepareStatement(sql)) {
            st.setString(1, h.site());
            st.setString(2, h.node());
            st.setLong(3, h.time().toEpochMilli());
            st.setString(4, new String(h.json(), StandardCharsets.UTF_8));
            st.setLong(5, System.currentTimeMillis());
            st.executeUpdate();
        } catch (SQLException e) {
            throw failed("cannot keep the health of " + h.site() + "/" + h.node() + " in " + url, e);
        }
    }

    /** Each node's last health snapshot, by site and node, read back (and checked) from its payload. */
    public synchronized void health(Consumer<ReceivedHealth> each) {
        try (Statement st = connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT payload FROM node_health ORDER BY site, node")) {
            while (rs.next()) {
                each.accept(ReceivedHealth.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
            }
        } catch (SQLException e) {
            throw failed("cannot read the node health from " + url, e);
        }
    }

    /** The schema version Flyway last applied, e.g. {@code 1}. */
    public synchronized String schemaVersion() {
        try (Statement st = connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC")) {
            return rs.next() ? rs.getString(1) : "none";
        } catch (SQLException e) {
            throw failed("cannot read the schema version of " + url, e);
        }
    }

    /** Rows in {@code windows}. */
    public synchronized long count() {
        return longQuery("SELECT COUNT(*) FROM windows");
    }

    /** Rows in {@code conflicts}. */
    public synchronized long conflicts() {
        return longQuery("SELECT COUNT(*) FROM conflicts");
    }

    /** The gaps between the windows stored, per site, node and stream, for one site or all ({@code +}). */
    public synchronized List<Gap> gaps(String site) {
        String sql = "SELECT site, node, stream, seq_from, seq_to FROM gaps" + (site.equals("+") ? "" : " WHERE site = ?")
                + " ORDER BY site, node, stream, seq_from";
        try (PreparedStatement st = connection().prepareStatement(sql)) {
            if (!site.equals("+")) {
                st.setString(1, site);
            }
            List<Gap> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Gap(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("cannot read the gaps from " + url, e);
        }
    }

    /**
     * Every stored window whose start lies in {@code [from, to)}, by start time then site, node and
     * seq, each read back from its payload.
     */
    public synchronized void windows(Optional<Instant> from, Optional<Instant> to, Consumer<ReceivedWindow> each) {
        String sql = "SELECT payload FROM windows WHERE window_start >= ? AND window_start < ? ORDER BY window_start, site, node, stream, seq";
        try (PreparedStatement st = connection().prepareStatement(sql)) {
            st.setLong(1, from.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));
            st.setLong(2, to.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE));
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    each.accept(CountsParser.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.sections()));
                }
            }
        } catch (SQLException e) {
            throw failed("cannot read windows from " + url, e);
        }
    }

    /** A node as the store knows it: its latest window and how many windows it has. */
    public record NodeSummary(String site, String node, long windows, ReceivedWindow last) {}

    /** A gap with when it lies: from the end of the window before it to the start of the window after it. */
    public record GapSpan(Gap gap, Instant from, Instant to) {}

    /** Every node with its latest window (by start), ordered by site and node. */
    public synchronized List<NodeSummary> nodes() {
        String sql = "SELECT w.site, w.node, l.n, w.payload FROM windows w JOIN (SELECT site, node, MAX(window_start) AS latest, COUNT(*) AS n "
                + "FROM windows GROUP BY site, node) l ON w.site = l.site AND w.node = l.node AND w.window_start = l.latest ORDER BY w.site, w.node, w.seq";
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<NodeSummary> out = new ArrayList<>();
            while (rs.next()) {
                ReceivedWindow w = CountsParser.parse(rs.getString(4).getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.sections());
                if (out.isEmpty() || !out.get(out.size() - 1).site().equals(w.site()) || !out.get(out.size() - 1).node().equals(w.node())) {
                    out.add(new NodeSummary(rs.getString(1), rs.getString(2), rs.getLong(3), w));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("cannot list the nodes in " + url, e);
        }
    }

    /** One node's windows starting in {@code [from, to)}, by start. */
    public synchronized void windows(String site, String node, Instant from, Instant to, Consumer<ReceivedWindow> each) {
        String sql = "SELECT payload FROM windows WHERE site = ? AND node = ? AND window_start >= ? AND window_start < ? ORDER BY window_start, seq";
        try (PreparedStatement st = connection().prepareStatement(sql)) {
            st.setString(1, site);
            st.setString(2, node);
            st.setLong(3, from.toEpochMilli());
            st.setLong(4, to.toEpochMilli());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    each.accept(CountsParser.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8), Kinds.STANDARD.sections()));
                }
            }
        } catch (SQLException e) {
            throw failed("cannot read windows from " + url, e);
        }
    }

    /** One node's gaps, with their times. */
    public synchronized List<GapSpan> gaps(String site, String node) {
        String sql = "SELECT site, node, stream, seq_from, seq_to, gap_start, gap_end FROM gaps WHERE site = ? AND node = ? ORDER BY gap_start";
        try (PreparedStatement st = connection().prepareStatement(sql)) {
            st.setString(1, site);
            st.setString(2, node);
            List<GapSpan> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new GapSpan(new Gap(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)),
                            Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("cannot read the gaps from " + url, e);
        }
    }

    private long longQuery(String sql) {
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed("cannot query " + url, e);
        }
    }

    private static String json(ReceivedWindow w) {
        try {
            return JSON.writeValueAsString(w.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed payload always serialises", e);
        }
    }

    private StoreException failed(String what, SQLException e) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // dropping it anyway
        }
        connection = null;
        log.debug("{}: {}", what, e.toString());
        return new StoreException(what + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            log.debug("closing the store: {}", e.toString());
        }
        connection = null;
    }
}

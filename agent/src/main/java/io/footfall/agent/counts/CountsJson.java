package io.footfall.agent.counts;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.privacy.WifiCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON form of counts (contract field names; schema in docs/schema/counts.schema.json).
 *
 * <p>Compact encoding (docs/MQTT.md, "Compact encoding"): a node sends 288 windows a day against a
 * budget of 150 KB, so the issue-14 fields that nearly always hold one value are left out when they
 * do, each with a documented default that {@link #readCoverage} applies. Every figure can still be
 * read from the message alone:
 * <ul>
 *   <li>{@code coverage.of} absent: the window's length ({@code window.end - window.start}); a single
 *       window's {@code of} always is (checked by {@link CountsMessage});</li>
 *   <li>{@code wifi.capturing} absent: {@code coverage.counting} (the capture ran while the agent did);</li>
 *   <li>{@code wifi.channels} absent: {@link #DEFAULT_CHANNELS}, the default hop list.</li>
 * </ul>
 * Three contract fields have a default too (the lead's decision for issue 14, docs/MQTT.md): each is
 * written only when it differs from it, and read through {@link #clockSynced}, {@link #blocked} and
 * {@link #suppressed}:
 * <ul>
 *   <li>{@code window.clockSynced} absent: {@code true};</li>
 *   <li>{@code beam.passages[].blocked} absent: {@code false};</li>
 *   <li>{@code wifi.suppressed} absent: {@code false}.</li>
 * </ul>
 */
public final class CountsJson {
    /**
     * The hop list of the {@code channels} configuration key's default, and what an absent
     * {@code wifi.channels} means. A node configured with other channels sends them in every window.
     */
    public static final List<Integer> DEFAULT_CHANNELS = List.of(1, 6, 11);

    private CountsJson() {}

    public static byte[] toJson(CountsMessage m) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", CountsMessage.SCHEMA);
        root.put("site", m.site());
        root.put("node", m.node());
        root.put("id", m.id());
        root.put("seq", m.seq());
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("start", Instant.ofEpochMilli(m.window().startMillis()).toString());
        window.put("end", Instant.ofEpochMilli(m.window().endMillis()).toString());
        if (!m.window().clockSynced()) {
            window.put("clockSynced", false); // absent means true, see the class comment
        }
        root.put("window", window);
        // of is the window's length on a single window (CountsMessage checks it): left out, see the class comment
        root.put("coverage", Map.of("counting", m.coverage().counting()));
        root.put("beam", beam(m.beam()));
        m.wifi().ifPresent(w -> root.put("wifi", wifi(w)));
        m.wifi().ifPresent(w -> {
            Map<String, Object> wifi = map(root, "wifi");
            Optional<Coverage.Wifi> c = m.coverage().wifi();
            // a Wi-Fi window always has the capture's share (NodeAgent); without one it has no default to fall back on
            long capturing = c.map(Coverage.Wifi::capturing).orElse(0L);
            List<Integer> channels = c.map(Coverage.Wifi::channels).orElse(List.of());
            if (capturing != m.coverage().counting()) {
                wifi.put("capturing", capturing);
            }
            if (!channels.equals(DEFAULT_CHANNELS)) {
                wifi.put("channels", channels);
            }
        });
        return write(root);
    }

    public static Map<String, Object> beam(BeamCounts b) {
        Map<String, Object> beam = new LinkedHashMap<>();
        beam.put("in", b.in());
        beam.put("out", b.out());
        List<Object> passages = new ArrayList<>();
        for (BeamCounts.PassageCounts p : b.passages()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("in", p.in());
            pm.put("out", p.out());
            if (p.blocked()) { // blocked absent means false, blockedSeconds absent 0: 36 bytes per passage and window saved
                pm.put("blocked", true);
                pm.put("blockedSeconds", p.blockedSeconds());
            }
            passages.add(pm);
        }
        beam.put("passages", passages);
        return beam;
    }

    public static Map<String, Object> wifi(WifiCounts w) {
        Map<String, Object> wifi = new LinkedHashMap<>();
        wifi.put("devices", w.devices());
        wifi.put("universal", w.universal());
        wifi.put("randomized", w.randomized());
        wifi.put("estimated", w.estimated());
        // The 80% interval (docs/PRIVACY.md), each end only where it differs from the estimate: an
        // absent end is the estimate. So a suppressed window carries nothing new, and no window spends
        // bytes on what the estimate already says (288 windows a day against a node's 150 KB/day).
        if (w.estimatedLow() != w.estimated()) {
            wifi.put("estimatedLow", w.estimatedLow());
        }
        if (w.estimatedHigh() != w.estimated()) {
            wifi.put("estimatedHigh", w.estimatedHigh());
        }
        // Phones per dwell bin: under 1 min, 1-5 min, 5-15 min, 15 min or more. An array, not an
        // object: 288 windows a day, and every byte counts against a node's 150 KB/day.
        wifi.put("dwell", List.of(w.dwell().under1Min(), w.dwell().from1To5Min(), w.dwell().from5To15Min(), w.dwell().atLeast15Min()));
        if (w.suppressed()) {
            wifi.put("suppressed", true); // absent means false, see the class comment
        }
        wifi.put("k", w.k());
        w.epsilon().ifPresent(e -> {
            wifi.put("noise", "geometric");
            wifi.put("epsilon", e);
        });
        return wifi;
    }

    /** {@code {"counting": S, "of": W}}: always present, so that every window says how much it saw. */
    public static Map<String, Object> coverage(Coverage c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("counting", c.counting());
        m.put("of", c.of());
        return m;
    }

    /**
     * A counts message's coverage as the platform reads it, with the compact encoding's defaults
     * applied (class comment): {@code of} the window's length, {@code capturing} the agent's
     * {@code counting}, {@code channels} {@link #DEFAULT_CHANNELS}. Empty for a message from a node
     * older than coverage (no {@code coverage} object): unknown, not full.
     *
     * @param message the parsed JSON object of one counts message
     * @throws IllegalArgumentException naming the field when coverage is present but malformed
     */
    public static Optional<Coverage> readCoverage(Map<String, Object> message) {
        if (!(message.get("coverage") instanceof Map<?, ?> c)) {
            return Optional.empty();
        }
        long counting = whole(c.get("counting"), "coverage.counting");
        long of;
        if (c.containsKey("of")) {
            of = whole(c.get("of"), "coverage.of");
        } else if (message.get("window") instanceof Map<?, ?> w && w.get("start") instanceof String start
                && w.get("end") instanceof String end) {
            try {
                of = java.time.Duration.between(Instant.parse(start), Instant.parse(end)).toSeconds();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("window start/end not ISO-8601: " + e.getParsedString());
            }
        } else {
            throw new IllegalArgumentException("coverage.of is absent and there is no window.start/end to take it from");
        }
        Optional<Coverage.Wifi> wifi = Optional.empty();
        if (message.get("wifi") instanceof Map<?, ?> w) {
            long capturing = w.containsKey("capturing") ? whole(w.get("capturing"), "wifi.capturing") : counting;
            List<Integer> channels = DEFAULT_CHANNELS;
            if (w.containsKey("channels")) {
                if (!(w.get("channels") instanceof List<?> cs)) {
                    throw new IllegalArgumentException("wifi.channels is not a list: " + w.get("channels"));
                }
                List<Integer> read = new ArrayList<>();
                for (Object x : cs) {
                    read.add((int) whole(x, "wifi.channels"));
                }
                channels = read;
            }
            wifi = Optional.of(new Coverage.Wifi(capturing, channels));
        }
        return Optional.of(new Coverage(counting, of, wifi));
    }

    /**
     * {@code window.clockSynced} with its default: {@code true} when absent.
     *
     * @param window the message's {@code window} object
     * @throws IllegalArgumentException naming the field when it is present but not a boolean
     */
    public static boolean clockSynced(Map<?, ?> window) {
        return flag(window, "clockSynced", true, "window.clockSynced");
    }

    /**
     * {@code blocked} of one of {@code beam.passages[]} with its default: {@code false} when absent.
     *
     * @throws IllegalArgumentException naming the field when it is present but not a boolean
     */
    public static boolean blocked(Map<?, ?> passage) {
        return flag(passage, "blocked", false, "beam.passages[].blocked");
    }

    /**
     * {@code wifi.suppressed} with its default: {@code false} when absent.
     *
     * @throws IllegalArgumentException naming the field when it is present but not a boolean
     */
    public static boolean suppressed(Map<?, ?> wifi) {
        return flag(wifi, "suppressed", false, "wifi.suppressed");
    }

    private static boolean flag(Map<?, ?> in, String key, boolean absent, String field) {
        Object v = in.get(key);
        if (v == null && !in.containsKey(key)) {
            return absent;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(field + " is not a boolean: " + v);
    }

    private static long whole(Object v, String field) {
        if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
            return ((Number) v).longValue();
        }
        throw new IllegalArgumentException(field + " is not a whole number: " + v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String k) {
        return (Map<String, Object>) m.get(k);
    }

    public static byte[] write(Map<String, Object> tree) {
        try {
            return JSON.std.asString(tree).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

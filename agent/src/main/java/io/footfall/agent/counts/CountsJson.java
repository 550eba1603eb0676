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

/** The JSON form of counts (contract field names; schema in docs/schema/counts.schema.json). */
public final class CountsJson {
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
        window.put("clockSynced", m.window().clockSynced());
        root.put("window", window);
        root.put("coverage", coverage(m.coverage()));
        root.put("beam", beam(m.beam()));
        m.wifi().ifPresent(w -> root.put("wifi", wifi(w)));
        m.wifi().ifPresent(w -> m.coverage().wifi().ifPresent(c -> wifiCoverage(c, map(root, "wifi"))));
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
            pm.put("blocked", p.blocked());
            if (p.blocked()) {
                pm.put("blockedSeconds", p.blockedSeconds()); // absent means 0: 19 bytes per passage and window saved
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
        wifi.put("suppressed", w.suppressed());
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

    /** Adds {@code capturing} and {@code channels} to a {@code wifi} object. */
    public static void wifiCoverage(Coverage.Wifi c, Map<String, Object> wifi) {
        wifi.put("capturing", c.capturing());
        wifi.put("channels", c.channels());
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

package io.footfall.agent.outbox;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.Coverage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merges {@code footfall.counts/1} payloads into one coarser window (docs/MQTT.md, "coarsened
 * windows"): {@code seq} is the first part's, {@code seqLast} the last part's, {@code window} spans
 * them all and {@code clockSynced} holds only if it held for every part; beam {@code in}/{@code out}
 * are summed, per passage by name, {@code blocked} if any part was; Wi-Fi figures are the
 * <em>maximum</em> over the parts (distinct devices cannot be summed across windows), suppressed
 * only if every part was. {@code merged} says how many windows it holds. The merged message follows
 * the single window's compact rules for {@code clockSynced}, {@code blocked} and {@code suppressed}
 * (each written only when it differs from its default) and reads its parts with those defaults.
 *
 * <p>Coverage adds up: {@code coverage.counting} and {@code coverage.of} are summed (a part stored
 * before coverage existed counts as watched for none of its length), as are each passage's
 * {@code blockedSeconds} and {@code wifi.capturing}; {@code wifi.channels} is the union. Parts in
 * the compact encoding are read with its defaults ({@link CountsJson#readCoverage}); the merged
 * message writes every coverage figure out.
 */
public final class CountsMerger implements WindowMerger {
    @Override
    public byte[] merge(List<OutboxMessage> parts, String id) {
        if (parts.size() < 2) {
            throw new IllegalArgumentException("need at least two parts");
        }
        List<Map<String, Object>> trees = new ArrayList<>();
        for (OutboxMessage p : parts) {
            try {
                trees.add(JSON.std.mapFrom(p.payload()));
            } catch (IOException e) {
                throw new OutboxException("stored payload of seq " + p.seq() + " is not JSON", e);
            }
        }
        Map<String, Object> first = trees.get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", first.get("schema"));
        out.put("site", first.get("site"));
        out.put("node", first.get("node"));
        out.put("id", id);
        out.put("seq", parts.get(0).seq());
        out.put("seqLast", lastSeq(parts, trees));
        int windows = 0;
        boolean synced = true;
        for (Map<String, Object> t : trees) {
            windows += t.get("merged") instanceof Number n ? n.intValue() : 1;
            synced &= CountsJson.clockSynced(map(t, "window")); // absent: true (compact encoding)
        }
        out.put("merged", windows);
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("start", Instant.ofEpochMilli(parts.get(0).windowStartMillis()).toString());
        window.put("end", Instant.ofEpochMilli(parts.get(parts.size() - 1).windowEndMillis()).toString());
        if (!synced) {
            window.put("clockSynced", false); // as on a single window: absent means true
        }
        out.put("window", window);
        out.put("coverage", coverage(parts, trees));
        out.put("beam", beam(trees));
        Map<String, Object> wifi = wifi(trees);
        if (wifi != null) {
            out.put("wifi", wifi);
        }
        try {
            return JSON.std.asString(out).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OutboxException("cannot write merged window", e);
        }
    }

    private static long lastSeq(List<OutboxMessage> parts, List<Map<String, Object>> trees) {
        Map<String, Object> last = trees.get(trees.size() - 1);
        return last.get("seqLast") instanceof Number n ? n.longValue() : parts.get(parts.size() - 1).seq();
    }

    private static Map<String, Object> coverage(List<OutboxMessage> parts, List<Map<String, Object>> trees) {
        long counting = 0;
        long of = 0;
        for (int i = 0; i < parts.size(); i++) {
            Optional<Coverage> c = partCoverage(trees.get(i));
            // a part without coverage (stored by an older agent) counts as watched for none of its length
            counting += c.map(Coverage::counting).orElse(0L);
            of += c.map(Coverage::of).orElse((parts.get(i).windowEndMillis() - parts.get(i).windowStartMillis()) / 1000);
        }
        Map<String, Object> coverage = new LinkedHashMap<>();
        coverage.put("counting", counting);
        coverage.put("of", of);
        return coverage;
    }

    private static Map<String, Object> beam(List<Map<String, Object>> trees) {
        long in = 0;
        long outCount = 0;
        Map<String, Map<String, Object>> passages = new LinkedHashMap<>();
        for (Map<String, Object> t : trees) {
            Map<String, Object> b = map(t, "beam");
            in += num(b, "in");
            outCount += num(b, "out");
            if (b.get("passages") instanceof List<?> ps) {
                for (Object o : ps) {
                    if (o instanceof Map<?, ?> pm) {
                        String name = String.valueOf(pm.get("name"));
                        Map<String, Object> acc = passages.computeIfAbsent(name, n -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("name", n);
                            m.put("in", 0L);
                            m.put("out", 0L);
                            m.put("blocked", false);
                            m.put("blockedSeconds", 0L);
                            return m;
                        });
                        acc.put("blockedSeconds", (Long) acc.get("blockedSeconds") + num(cast(pm), "blockedSeconds"));
                        acc.put("in", (Long) acc.get("in") + (pm.get("in") instanceof Number n ? n.longValue() : 0));
                        acc.put("out", (Long) acc.get("out") + (pm.get("out") instanceof Number n ? n.longValue() : 0));
                        acc.put("blocked", Boolean.TRUE.equals(acc.get("blocked")) || CountsJson.blocked(pm)); // absent: false
                    }
                }
            }
        }
        for (Map<String, Object> p : passages.values()) {
            if (!Boolean.TRUE.equals(p.get("blocked"))) {
                p.remove("blocked"); // as in a single window: both present only when blocked
                p.remove("blockedSeconds");
            }
        }
        Map<String, Object> beam = new LinkedHashMap<>();
        beam.put("in", in);
        beam.put("out", outCount);
        beam.put("passages", new ArrayList<>(passages.values()));
        return beam;
    }

    private static Map<String, Object> wifi(List<Map<String, Object>> trees) {
        Map<String, Object> acc = null;
        boolean allSuppressed = true;
        long capturing = 0;
        boolean captureKnown = false;
        java.util.TreeSet<Long> channels = new java.util.TreeSet<>();
        for (Map<String, Object> t : trees) {
            if (!(t.get("wifi") instanceof Map<?, ?>)) {
                continue;
            }
            Map<String, Object> w = map(t, "wifi");
            if (acc == null) {
                acc = new LinkedHashMap<>();
                for (String k : List.of("devices", "universal", "randomized", "estimated")) {
                    acc.put(k, 0L);
                }
                acc.put("estimatedLow", 0L);
                acc.put("estimatedHigh", 0L);
                acc.put("suppressed", false);
                acc.put("k", w.get("k"));
            }
            allSuppressed &= CountsJson.suppressed(w); // absent: false (compact encoding)
            // read with the compact encoding's defaults (capturing = counting, channels = the default hop list)
            Optional<Coverage.Wifi> captured = partCoverage(t).flatMap(Coverage::wifi);
            if (captured.isPresent()) {
                captureKnown = true;
                capturing += captured.get().capturing();
                captured.get().channels().forEach(c -> channels.add(c.longValue()));
            }
            for (String k : List.of("devices", "universal", "randomized", "estimated")) {
                acc.put(k, Math.max((Long) acc.get(k), num(w, k)));
            }
            // The interval of a maximum: the maxima of the ends (max low <= max estimate <= max high).
            // A window without one (the estimate itself, or an older node) gives its estimate to both.
            acc.put("estimatedLow", Math.max((Long) acc.get("estimatedLow"), w.containsKey("estimatedLow") ? num(w, "estimatedLow") : num(w, "estimated")));
            acc.put("estimatedHigh", Math.max((Long) acc.get("estimatedHigh"), w.containsKey("estimatedHigh") ? num(w, "estimatedHigh") : num(w, "estimated")));
            // Noisy figures stay noisy after taking a maximum; say so. Dwell bins are not carried over.
            if ("geometric".equals(w.get("noise"))) {
                acc.put("noise", "geometric");
                acc.putIfAbsent("epsilon", w.get("epsilon"));
            }
        }
        if (acc != null) {
            if (allSuppressed) {
                acc.put("suppressed", true);
            } else {
                acc.remove("suppressed"); // as on a single window: absent means false
            }
            // as on a single window: each end only where it differs from the estimate
            for (String end : List.of("estimatedLow", "estimatedHigh")) {
                if (acc.get(end).equals(acc.get("estimated"))) {
                    acc.remove(end);
                }
            }
            if (captureKnown) {
                acc.put("capturing", capturing);
                acc.put("channels", new ArrayList<>(channels));
            }
        }
        return acc;
    }

    /** A part's coverage as the platform would read it; empty when it has none or it cannot be read. */
    private static Optional<Coverage> partCoverage(Map<String, Object> t) {
        try {
            return CountsJson.readCoverage(t);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> t, String k) {
        return t.get(k) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static long num(Map<String, Object> m, String k) {
        return m.get(k) instanceof Number n ? n.longValue() : 0;
    }
}

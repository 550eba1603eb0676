package io.footfall.agent.store.export;

import io.footfall.agent.counts.Coverage;
import io.footfall.agent.receive.ReceivedWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored windows as OGC SensorThings API 1.1 entities, as JSON a FROST-style server takes by POST:
 * one {@code Thing} per node (deep insert, with its {@code Datastreams}, their
 * {@code ObservedProperty} and {@code Sensor}) the first time the node appears, then one
 * {@code Observation} per window and measure, whose {@code phenomenonTime} is the window interval
 * and {@code resultTime} its end. Ids are client-generated strings
 * ({@code footfall:{site}:{node}:{measure}}), so a server must accept client ids of string type
 * (FROST: {@code persistence.idGenerationMode=ServerAndClientGenerated}, string ids).
 *
 * <p>Each Observation's {@code parameters} carry the footfall id, {@code clockSynced}, and how
 * much of the window the node watched: {@code coverage} ({@code counting} of {@code of} seconds;
 * absent for a node older than coverage: unknown, not full); the phone estimate's also carry
 * {@code capturing} (seconds the Wi-Fi capture ran) and {@code estimateLow}/{@code estimateHigh},
 * its 80% interval.
 */
public final class SensorThings {
    /** The measures a node reports: beam crossings in and out, and (with Wi-Fi) the phone estimate. */
    public enum Measure {
        BEAM_IN("beam-in", "People in", "People crossing the node's beams inwards during the window"),
        BEAM_OUT("beam-out", "People out", "People crossing the node's beams outwards during the window"),
        PHONES("phones", "Phones estimated", "Distinct phones estimated from Wi-Fi probe requests in the window; not summable across windows");

        final String key;
        final String name;
        final String description;

        Measure(String key, String name, String description) {
            this.key = key;
            this.name = name;
            this.description = description;
        }
    }

    private SensorThings() {}

    public static String thingId(ReceivedWindow w) {
        return "footfall:" + w.site() + ":" + w.node();
    }

    public static String datastreamId(ReceivedWindow w, Measure m) {
        return thingId(w) + ":" + m.key;
    }

    public static Map<String, Object> thing(ReceivedWindow w) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("@iot.id", thingId(w));
        t.put("name", w.site() + "/" + w.node());
        t.put("description", "footfall node " + w.node() + " at site " + w.site());
        t.put("properties", Map.of("site", w.site(), "node", w.node()));
        List<Map<String, Object>> ds = new ArrayList<>();
        for (Measure m : Measure.values()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("@iot.id", datastreamId(w, m));
            d.put("name", w.node() + " " + m.name);
            d.put("description", m.description);
            d.put("observationType", "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_CountObservation");
            d.put("unitOfMeasurement", Map.of("name", "count", "symbol", "{count}", "definition", "http://unitsofmeasure.org/ucum.html"));
            d.put("ObservedProperty", Map.of("@iot.id", "footfall:" + m.key, "name", m.name, "definition", "https://footfall.io/def/" + m.key,
                    "description", m.description));
            d.put("Sensor", Map.of("@iot.id", "footfall:" + (m == Measure.PHONES ? "wifi" : "beam"), "name",
                    m == Measure.PHONES ? "Wi-Fi probe counter" : "IR break-beam pair", "description",
                    m == Measure.PHONES ? "monitor-mode Wi-Fi probe request counting" : "paired infrared break-beams",
                    "encodingType", "text/html", "metadata", "https://footfall.io/docs"));
            ds.add(d);
        }
        t.put("Datastreams", ds);
        return t;
    }

    /** The window's observations: beam in, beam out, and the phone estimate when Wi-Fi was counted and not suppressed. */
    public static List<Map<String, Object>> observations(ReceivedWindow w) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(observation(w, Measure.BEAM_IN, w.beamIn(), Map.of()));
        out.add(observation(w, Measure.BEAM_OUT, w.beamOut(), Map.of()));
        w.wifi().filter(x -> !x.suppressed()).ifPresent(x -> {
            Map<String, Object> wifi = new LinkedHashMap<>();
            w.coverage().flatMap(Coverage::wifi).ifPresent(c -> wifi.put("capturing", c.capturing()));
            wifi.put("estimateLow", x.estimatedLow());
            wifi.put("estimateHigh", x.estimatedHigh());
            out.add(observation(w, Measure.PHONES, x.estimated(), wifi));
        });
        return out;
    }

    private static Map<String, Object> observation(ReceivedWindow w, Measure m, int result, Map<String, Object> extra) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("@iot.id", datastreamId(w, m) + ":" + w.stream() + ":" + w.seq() + (w.seqLast() == w.seq() ? "" : "-" + w.seqLast()));
        o.put("phenomenonTime", w.start() + "/" + w.end());
        o.put("resultTime", w.end().toString());
        o.put("result", result);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", w.id());
        params.put("clockSynced", w.clockSynced());
        if (w.seqLast() != w.seq()) {
            params.put("mergedWindows", w.merged());
        }
        w.coverage().ifPresent(c -> {
            Map<String, Object> coverage = new LinkedHashMap<>();
            coverage.put("counting", c.counting());
            coverage.put("of", c.of());
            params.put("coverage", coverage);
        });
        params.putAll(extra);
        o.put("parameters", params);
        o.put("Datastream", Map.of("@iot.id", datastreamId(w, m)));
        return o;
    }
}

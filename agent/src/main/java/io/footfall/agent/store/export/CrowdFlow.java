package io.footfall.agent.store.export;

import io.footfall.agent.receive.ReceivedWindow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored window as a FIWARE Smart Data Models {@code CrowdFlowObserved} entity (NGSI-LD), in the
 * normalized or the keyValues representation: {@code peopleCount} = beam in + out,
 * {@code peopleCountTowards} = in, {@code peopleCountAway} = out, {@code dateObserved} the ISO 8601
 * interval with {@code dateObservedFrom}/{@code dateObservedTo}, {@code refDevice} the node's
 * {@code Device} entity. Extension attributes (not in the model; defined by footfall's context):
 * {@code phoneCountEstimate} (the Wi-Fi estimate of distinct phones in the window; absent without
 * Wi-Fi or when suppressed) with {@code phoneCountEstimateLow}/{@code phoneCountEstimateHigh} (its
 * 80% interval), {@code mergedWindows} (present on a coarsened message), {@code clockSynced}, and
 * how much of the window the node watched: {@code observedSeconds} of {@code windowSeconds},
 * {@code coverageRatio} (their quotient, 0..1) and, with Wi-Fi, {@code wifiCapturingSeconds}. The
 * coverage attributes are absent for a node older than coverage: unknown, not full.
 */
public final class CrowdFlow {
    /** The NGSI-LD core context and the Smart Data Models context for the Transportation domain. */
    public static final List<String> CONTEXT = List.of(
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld",
            "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld");

    private CrowdFlow() {}

    public static String entityId(ReceivedWindow w) {
        return "urn:ngsi-ld:CrowdFlowObserved:footfall:" + w.site() + ":" + w.id().replace('/', ':');
    }

    public static String deviceId(ReceivedWindow w) {
        return "urn:ngsi-ld:Device:footfall:" + w.site() + ":" + w.node();
    }

    /** keyValues: attribute names map to plain values. */
    public static Map<String, Object> keyValues(ReceivedWindow w) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", entityId(w));
        e.put("type", "CrowdFlowObserved");
        attributes(w).forEach((k, a) -> e.put(k, a.value()));
        e.put("@context", CONTEXT);
        return e;
    }

    /** normalized: each attribute is a Property (with value) or a Relationship (with object). */
    public static Map<String, Object> normalized(ReceivedWindow w) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", entityId(w));
        e.put("type", "CrowdFlowObserved");
        attributes(w).forEach((k, a) -> {
            Map<String, Object> attr = new LinkedHashMap<>();
            if (a.relationship()) {
                attr.put("type", "Relationship");
                attr.put("object", a.value());
            } else {
                attr.put("type", "Property");
                attr.put("value", a.dateTime() ? Map.of("@type", "DateTime", "@value", a.value()) : a.value());
            }
            e.put(k, attr);
        });
        e.put("@context", CONTEXT);
        return e;
    }

    private record Attr(Object value, boolean relationship, boolean dateTime) {
        static Attr of(Object v) {
            return new Attr(v, false, false);
        }
    }

    /** {@code part / whole} to four decimals, so 299 of 300 s is not rounded up to "watched throughout". */
    public static double ratio(long part, long whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.FLOOR).doubleValue();
    }

    private static Map<String, Attr> attributes(ReceivedWindow w) {
        Map<String, Attr> a = new LinkedHashMap<>();
        a.put("dateObserved", Attr.of(w.start() + "/" + w.end()));
        a.put("dateObservedFrom", new Attr(w.start().toString(), false, true));
        a.put("dateObservedTo", new Attr(w.end().toString(), false, true));
        a.put("peopleCount", Attr.of(w.beamIn() + w.beamOut()));
        a.put("peopleCountTowards", Attr.of(w.beamIn()));
        a.put("peopleCountAway", Attr.of(w.beamOut()));
        a.put("refDevice", new Attr(deviceId(w), true, false));
        a.put("dataProvider", Attr.of("footfall"));
        a.put("clockSynced", Attr.of(w.clockSynced()));
        if (w.seqLast() != w.seq()) {
            a.put("mergedWindows", Attr.of(w.merged()));
        }
        w.wifi().filter(x -> !x.suppressed()).ifPresent(x -> {
            a.put("phoneCountEstimate", Attr.of(x.estimated()));
            a.put("phoneCountEstimateLow", Attr.of(x.estimatedLow()));
            a.put("phoneCountEstimateHigh", Attr.of(x.estimatedHigh()));
        });
        w.coverage().ifPresent(c -> {
            a.put("observedSeconds", Attr.of(c.counting()));
            a.put("windowSeconds", Attr.of(c.of()));
            a.put("coverageRatio", Attr.of(ratio(c.counting(), c.of())));
            c.wifi().ifPresent(x -> a.put("wifiCapturingSeconds", Attr.of(x.capturing())));
        });
        return a;
    }
}

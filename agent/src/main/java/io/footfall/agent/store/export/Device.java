package io.footfall.agent.store.export;

import io.footfall.agent.health.BeamHealth;
import io.footfall.agent.health.HealthSnapshot;
import io.footfall.agent.receive.ReceivedHealth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node's last health snapshot as a FIWARE Smart Data Models {@code Device} entity (NGSI-LD), in
 * the normalized or the keyValues representation; its id is the {@code refDevice} of the node's
 * {@link CrowdFlow} entities. {@code category} {@code sensor}, {@code controlledProperty}
 * {@code trafficFlow} (people passing), {@code name} the node, {@code dateLastValueReported} and
 * {@code dateObserved} the snapshot's time, {@code deviceState} {@code ok} or the problems the
 * snapshot reports, comma-separated: {@code beamBlocked:PASSAGE}, {@code wifi:STATE} (a capture not
 * off, starting or running), {@code storageFault}. Extension attributes (footfall's context):
 * {@code uptimeSeconds}, {@code clockSynced}, {@code wifiState}, {@code outboxDepth},
 * {@code storageOk}, {@code mqttConnected}.
 */
public final class Device {
    /** The NGSI-LD core context and the Smart Data Models context for the Device domain. */
    public static final List<String> CONTEXT = List.of(
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Device/master/context.jsonld",
            "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld");
    private static final Set<String> WIFI_FINE = Set.of("off", "starting", "running");

    private Device() {}

    public static String entityId(ReceivedHealth h) {
        return "urn:ngsi-ld:Device:footfall:" + h.site() + ":" + h.node();
    }

    /** keyValues: attribute names map to plain values. */
    public static Map<String, Object> keyValues(ReceivedHealth h) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", entityId(h));
        e.put("type", "Device");
        attributes(h).forEach((k, v) -> e.put(k, v));
        e.put("@context", CONTEXT);
        return e;
    }

    /** normalized: each attribute a Property with its value (a DateTime typed as such). */
    public static Map<String, Object> normalized(ReceivedHealth h) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", entityId(h));
        e.put("type", "Device");
        attributes(h).forEach((k, v) -> {
            Map<String, Object> attr = new LinkedHashMap<>();
            attr.put("type", "Property");
            attr.put("value", k.startsWith("date") ? Map.of("@type", "DateTime", "@value", v) : v);
            e.put(k, attr);
        });
        e.put("@context", CONTEXT);
        return e;
    }

    private static Map<String, Object> attributes(ReceivedHealth received) {
        HealthSnapshot h = received.health();
        List<String> problems = new ArrayList<>();
        for (BeamHealth.Passage passage : h.beam().passages()) {
            if (passage.blocked()) {
                problems.add("beamBlocked:" + passage.name());
            }
        }
        String wifiState = h.wifi().state();
        if (!WIFI_FINE.contains(wifiState)) {
            problems.add("wifi:" + wifiState);
        }
        boolean storageOk = h.outbox().storageOk();
        if (!storageOk) {
            problems.add("storageFault");
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", h.node());
        a.put("category", List.of("sensor"));
        a.put("controlledProperty", List.of("trafficFlow"));
        a.put("deviceState", problems.isEmpty() ? "ok" : String.join(",", problems));
        a.put("dateLastValueReported", h.time().toString());
        a.put("dateObserved", h.time().toString());
        a.put("dataProvider", "footfall");
        a.put("uptimeSeconds", h.uptimeSeconds());
        a.put("clockSynced", h.clockSynced());
        a.put("wifiState", wifiState);
        a.put("outboxDepth", h.outbox().depth());
        a.put("storageOk", storageOk);
        a.put("mqttConnected", h.mqtt().connected());
        return a;
    }
}

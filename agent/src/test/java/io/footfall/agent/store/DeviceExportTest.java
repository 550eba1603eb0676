package io.footfall.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.receive.Rejection;
import io.footfall.agent.receive.Sink;
import io.footfall.agent.store.export.Exporter;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Publish;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code receive --store} keeps each node's last health snapshot (validated, bound to its topic)
 * and {@code export --format device|device-keyvalues} writes it as a FIWARE {@code Device}, checked
 * against the official schema.
 */
class DeviceExportTest {
    static final Path VENDOR = Path.of("..", "docs", "schema", "vendor", "smart-data-models").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    static JsonSchema deviceSchema;

    @TempDir
    Path dir;

    @BeforeAll
    static void schema() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.schemaMappers(m -> m
                .mapPrefix("https://smart-data-models.github.io/data-models/", VENDOR.toUri().toString())
                .mapPrefix("https://smart-data-models.github.io/dataModel.Device/", VENDOR.toUri().toString())));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        deviceSchema = factory.getSchema(SchemaLocation.of("https://smart-data-models.github.io/dataModel.Device/Device/schema.json"), config);
    }

    /** A health snapshot as docs/schema/health.schema.json describes it (compact: zero counters left out). */
    static ObjectNode health(String site, String node, String time, boolean blocked, String wifiState) {
        ObjectNode h = JSON.createObjectNode();
        h.put("schema", "footfall.health/1").put("site", site).put("node", node).put("time", time).put("uptimeSeconds", 3600)
                .put("clockSynced", true);
        ArrayNode passages = h.putObject("beam").putArray("passages");
        passages.addObject().put("name", "door-1").put("blocked", blocked).put("crossings", 42);
        h.putObject("wifi").put("state", wifiState).put("probesPerSecond", 4.5);
        h.putObject("outbox").put("depth", 2).put("lastSeq", 1234).put("storageOk", true);
        h.putObject("mqtt").put("connected", true);
        h.putObject("system").put("diskFreeBytes", 1_000_000_000L);
        return h;
    }

    static void publish(MosquittoBroker broker, String topic, JsonNode payload) throws Exception {
        Publish.bytes(broker, topic, JSON.writeValueAsBytes(payload));
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }

    static List<JsonNode> export(CountsStore store, Exporter.Format format) throws Exception {
        StringWriter out = new StringWriter();
        Exporter.write(store, format, Optional.empty(), Optional.empty(), Optional.empty(), ZoneOffset.UTC, new PrintWriter(out));
        List<JsonNode> docs = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            docs.add(JSON.readTree(line));
        }
        return docs;
    }

    @Test
    void the_last_valid_health_of_each_node_is_kept_and_exported_as_a_device_that_validates_against_the_official_schema() throws Exception {
        String url = dir.resolve("counts.db").toString();
        List<String> rejected = java.util.Collections.synchronizedList(new ArrayList<>());
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                CountsStore store = CountsStore.open(StoreUrl.parse(url));
                Receiver r = new Receiver(MqttSettings.of(broker.uri(), "platform"), Receiver.Options.of("+", Duration.ofHours(1)),
                        Optional.of((Sink) store), new Receiver.Listener() {
                            @Override
                            public void window(ReceivedWindow w, boolean duplicate) {}

                            @Override
                            public void rejected(String topic, Rejection why) {
                                rejected.add(why.kind() + " " + topic);
                            }
                        })) {
            r.startAndAwaitConnected(Duration.ofSeconds(10));
            broker.awaitSubscription("platform", "footfall/v1/+/+/health", Duration.ofSeconds(10));
            publish(broker, "footfall/v1/gent/n1/health", health("gent", "n1", "2026-11-22T10:00:00Z", false, "running"));
            publish(broker, "footfall/v1/gent/n1/health", health("gent", "n1", "2026-11-22T09:00:00Z", true, "failed")); // older: not kept
            publish(broker, "footfall/v1/gent/n3/health", health("gent", "n1", "2026-11-22T11:00:00Z", true, "failed")); // n3 speaking for n1
            ObjectNode bad = health("gent", "n1", "2026-11-22T11:00:00Z", false, "running");
            bad.with("outbox").put("depth", -1);
            publish(broker, "footfall/v1/gent/n1/health", bad);
            publish(broker, "footfall/v1/gent/n2/health", health("gent", "n2", "2026-11-22T10:05:00Z", true, "interface_missing"));
            // a node-001 at two sites: two devices
            publish(broker, "footfall/v1/a/node-001/health", health("a", "node-001", "2026-11-22T10:00:00Z", false, "off"));
            publish(broker, "footfall/v1/b/node-001/health", health("b", "node-001", "2026-11-22T10:00:00Z", false, "quiet"));
            await("the last snapshot kept", () -> {
                List<String> ids = new ArrayList<>();
                store.health(h -> ids.add(h.site() + "/" + h.node()));
                return ids.contains("b/node-001");
            });
            await("both refusals reported", () -> rejected.size() == 2);
            assertEquals(List.of("IDENTITY footfall/v1/gent/n3/health", "MALFORMED footfall/v1/gent/n1/health"), List.copyOf(rejected).stream().sorted().toList());
            assertEquals(0, r.distinct(), "health is never a window");

            List<JsonNode> kvs = export(store, Exporter.Format.DEVICE_KEYVALUES);
            List<JsonNode> norms = export(store, Exporter.Format.DEVICE);
            assertEquals(List.of("urn:ngsi-ld:Device:footfall:a:node-001", "urn:ngsi-ld:Device:footfall:b:node-001",
                    "urn:ngsi-ld:Device:footfall:gent:n1", "urn:ngsi-ld:Device:footfall:gent:n2"),
                    kvs.stream().map(e -> e.get("id").asText()).toList(), "one entity per node, the CrowdFlow entities' refDevice");
            for (int i = 0; i < kvs.size(); i++) {
                assertEquals(Set.of(), deviceSchema.validate(kvs.get(i)), kvs.get(i).toString());
                assertEquals(kvs.get(i), keyValuesOf(norms.get(i)), "normalized says what keyValues says");
            }
            JsonNode n1 = kvs.get(2);
            assertEquals("ok", n1.get("deviceState").asText());
            assertEquals("2026-11-22T10:00:00Z", n1.get("dateLastValueReported").asText(), "the older snapshot did not replace the later one");
            assertEquals("beamBlocked:door-1,wifi:interface_missing", kvs.get(3).get("deviceState").asText());
            assertEquals("wifi:quiet", kvs.get(1).get("deviceState").asText());
            assertEquals(2, n1.get("outboxDepth").asInt());
            assertEquals(Map.of("@type", "DateTime", "@value", "2026-11-22T10:00:00Z"),
                    JSON.convertValue(norms.get(2).get("dateLastValueReported").get("value"), Map.class));
        }
    }

    @Test
    void the_schema_check_is_live_a_missing_controlled_property_or_a_bad_date_fails_it() throws Exception {
        try (CountsStore store = CountsStore.open(StoreUrl.parse(dir.resolve("counts.db").toString()))) {
            store.health(io.footfall.agent.receive.ReceivedHealth.parse(JSON.writeValueAsBytes(health("gent", "n1", "2026-11-22T10:00:00Z", false,
                    "running"))));
            JsonNode e = export(store, Exporter.Format.DEVICE_KEYVALUES).get(0);
            assertEquals(Set.of(), deviceSchema.validate(e));
            ObjectNode noProperty = e.deepCopy();
            noProperty.remove("controlledProperty");
            assertFalse(deviceSchema.validate(noProperty).isEmpty());
            assertFalse(deviceSchema.validate(((ObjectNode) e.deepCopy()).put("dateLastValueReported", "yesterday")).isEmpty());
        }
    }

    static JsonNode keyValuesOf(JsonNode normalized) {
        ObjectNode kv = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = normalized.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (Set.of("id", "type", "@context").contains(f.getKey())) {
                kv.set(f.getKey(), f.getValue());
            } else {
                assertEquals("Property", f.getValue().get("type").asText(), f.toString());
                JsonNode v = f.getValue().get("value");
                kv.set(f.getKey(), v.has("@value") ? v.get("@value") : v);
            }
        }
        return kv;
    }
}

package io.footfall.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.footfall.agent.cli.ExportCommand;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.receive.CountsParser;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.store.export.CsvExport;
import io.footfall.agent.testing.Windows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code footfall export} from a real store, each JSON format checked against the official schema where one exists. */
class ExportTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path VENDOR = Path.of("..", "docs", "schema", "vendor", "smart-data-models").toAbsolutePath().normalize();
    static JsonSchema crowdFlowSchema;

    @TempDir
    Path dir;

    String store;
    final List<ReceivedWindow> stored = new ArrayList<>();

    @BeforeAll
    static void schema() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.schemaMappers(m -> m
                .mapPrefix("https://smart-data-models.github.io/data-models/", VENDOR.toUri().toString())
                .mapPrefix("https://smart-data-models.github.io/dataModel.Transportation/", VENDOR.toUri().toString())));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        crowdFlowSchema = factory.getSchema(
                SchemaLocation.of("https://smart-data-models.github.io/dataModel.Transportation/CrowdFlowObserved/schema.json"), config);
    }

    /**
     * Two nodes over two days (one window in each hour), one merged message, one node without Wi-Fi;
     * n1's second window watched for half its length with an 80% interval, its third and n2's fifth
     * from a node older than coverage.
     */
    @BeforeEach
    void fill() throws Exception {
        store = dir.resolve("counts.db").toString();
        try (CountsStore s = CountsStore.open(StoreUrl.parse(store))) {
            for (String node : List.of("n1", "n2")) {
                Topics t = new Topics("gent", node);
                for (long seq = 1; seq <= 48; seq++) {
                    long start = Windows.DAY0 + (seq - 1) * 3_600_000L;
                    ObjectNode m = (ObjectNode) JSON.readTree(Windows.json(t, seq, node + "/abc123/" + seq, start, start + Windows.FIVE_MINUTES));
                    if (node.equals("n2")) {
                        m.remove("wifi");
                    }
                    if (seq == 48) {
                        m.put("id", node + "/abc123/48-50").put("seqLast", 50).put("merged", 3);
                        ((ObjectNode) m.get("window")).put("end", java.time.Instant.ofEpochMilli(start + 3 * Windows.FIVE_MINUTES).toString());
                        if (m.has("wifi")) {
                            ((ObjectNode) m.get("wifi")).remove("dwell");
                        }
                    }
                    if (node.equals("n1") && seq == 2) {
                        ((ObjectNode) m.get("coverage")).put("counting", 150);
                        ObjectNode wifi = (ObjectNode) m.get("wifi");
                        int estimated = wifi.get("estimated").asInt();
                        wifi.put("capturing", 120).put("estimatedLow", estimated - 5).put("estimatedHigh", estimated + 7);
                    }
                    if (node.equals("n1") && seq == 3 || node.equals("n2") && seq == 5) {
                        m.remove("coverage");
                        if (m.has("wifi")) {
                            ((ObjectNode) m.get("wifi")).remove(List.of("capturing", "channels", "estimatedLow", "estimatedHigh"));
                        }
                    }
                    ReceivedWindow w = CountsParser.parse(t.counts(), JSON.writeValueAsBytes(m), Kinds.STANDARD.sections());
                    s.put(t.counts(), w);
                    stored.add(w);
                }
            }
        }
    }

    record Run(int exit, String out, String err) {}

    Run export(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = io.footfall.agent.cli.Footfall.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> a = new ArrayList<>(List.of("export", "--store", store));
        a.addAll(List.of(args));
        return new Run(cl.execute(a.toArray(String[]::new)), out.toString(), err.toString());
    }

    static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        for (String l : out.lines().toList()) {
            docs.add(JSON.readTree(l));
        }
        return docs;
    }

    /** NGSI-LD normalized to keyValues: a Property's value (a DateTime's @value), a Relationship's object. */
    static JsonNode keyValuesOf(JsonNode normalized) {
        ObjectNode kv = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = normalized.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject() && v.has("type") && (v.get("type").asText().equals("Property") || v.get("type").asText().equals("Relationship"))) {
                JsonNode inner = v.get("type").asText().equals("Relationship") ? v.get("object") : v.get("value");
                kv.set(e.getKey(), inner.isObject() && inner.has("@value") ? inner.get("@value") : inner);
            } else {
                kv.set(e.getKey(), v);
            }
        }
        return kv;
    }

    @Test
    void crowdflow_keyvalues_and_normalized_entities_validate_against_the_official_crowdflowobserved_schema() throws Exception {
        Run kv = export("--format", "crowdflow-keyvalues");
        Run norm = export("--format", "crowdflow");
        assertEquals(0, kv.exit(), kv.err());
        assertEquals(0, norm.exit(), norm.err());
        List<JsonNode> kvs = lines(kv.out());
        List<JsonNode> norms = lines(norm.out());
        assertEquals(stored.size(), kvs.size());
        for (int i = 0; i < kvs.size(); i++) {
            assertEquals(Set.of(), crowdFlowSchema.validate(kvs.get(i)), kvs.get(i).toString());
            for (Iterator<Map.Entry<String, JsonNode>> it = norms.get(i).fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!Set.of("id", "type", "@context").contains(e.getKey())) {
                    assertTrue(Set.of("Property", "Relationship").contains(e.getValue().get("type").asText()), e.toString());
                }
            }
            assertEquals(kvs.get(i), keyValuesOf(norms.get(i)), "normalized says what keyValues says");
        }
        JsonNode first = kvs.get(0);
        ReceivedWindow w = stored.get(0);
        assertEquals("urn:ngsi-ld:CrowdFlowObserved:footfall:gent:n1:abc123:1", first.get("id").asText());
        assertEquals(w.beamIn() + w.beamOut(), first.get("peopleCount").asInt());
        assertEquals(w.beamIn(), first.get("peopleCountTowards").asInt());
        assertEquals(w.beamOut(), first.get("peopleCountAway").asInt());
        assertEquals("2026-11-22T00:00:00Z/2026-11-22T00:05:00Z", first.get("dateObserved").asText());
        assertEquals("urn:ngsi-ld:Device:footfall:gent:n1", first.get("refDevice").asText());
        assertEquals(w.wifi().get().estimated(), first.get("phoneCountEstimate").asInt());
        assertTrue(kvs.stream().anyMatch(e -> e.path("mergedWindows").asInt() == 3));
        assertTrue(kvs.stream().filter(e -> e.get("refDevice").asText().endsWith(":n2")).noneMatch(e -> e.has("phoneCountEstimate")));
    }

    static JsonNode entity(List<JsonNode> docs, String id) {
        return docs.stream().filter(e -> e.get("id").asText().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
    }

    @Test
    void crowdflow_says_how_much_of_each_window_was_watched_and_leaves_it_out_for_an_older_node() throws Exception {
        List<JsonNode> kvs = lines(export("--format", "crowdflow-keyvalues").out());
        String prefix = "urn:ngsi-ld:CrowdFlowObserved:footfall:gent:";
        JsonNode full = entity(kvs, prefix + "n1:abc123:1");
        int est1 = stored.get(0).wifi().get().estimated();
        assertEquals(300, full.get("observedSeconds").asInt());
        assertEquals(300, full.get("windowSeconds").asInt());
        assertEquals(1.0, full.get("coverageRatio").asDouble());
        assertEquals(300, full.get("wifiCapturingSeconds").asInt());
        assertEquals(List.of(stored.get(0).wifi().get().estimatedLow(), stored.get(0).wifi().get().estimatedHigh()),
                List.of(full.get("phoneCountEstimateLow").asInt(), full.get("phoneCountEstimateHigh").asInt()), "the interval as sent");
        assertTrue(full.get("phoneCountEstimateLow").asInt() <= est1 && est1 <= full.get("phoneCountEstimateHigh").asInt());

        JsonNode half = entity(kvs, prefix + "n1:abc123:2");
        int est2 = stored.get(1).wifi().get().estimated();
        assertEquals(150, half.get("observedSeconds").asInt());
        assertEquals(300, half.get("windowSeconds").asInt());
        assertEquals(0.5, half.get("coverageRatio").asDouble());
        assertEquals(120, half.get("wifiCapturingSeconds").asInt());
        assertEquals(est2, half.get("phoneCountEstimate").asInt());
        assertEquals(est2 - 5, half.get("phoneCountEstimateLow").asInt());
        assertEquals(est2 + 7, half.get("phoneCountEstimateHigh").asInt());

        for (String old : List.of(prefix + "n1:abc123:3", prefix + "n2:abc123:5")) {
            JsonNode e = entity(kvs, old);
            for (String attr : List.of("observedSeconds", "windowSeconds", "coverageRatio", "wifiCapturingSeconds")) {
                assertFalse(e.has(attr), "coverage unknown, not full: " + attr + " in " + e);
            }
            assertEquals(Set.of(), crowdFlowSchema.validate(e), e.toString());
        }
        assertEquals(Set.of(), crowdFlowSchema.validate(half), half.toString());
        JsonNode normalized = entity(lines(export("--format", "crowdflow").out()), prefix + "n1:abc123:2");
        assertEquals("Property", normalized.get("coverageRatio").get("type").asText());
        assertEquals(0.5, normalized.get("coverageRatio").get("value").asDouble());
        assertEquals(0.9966, io.footfall.agent.store.export.CrowdFlow.ratio(299, 300), "rounded down: 299 of 300 s is not full");
    }

    @Test
    void the_schema_check_is_live_a_negative_count_or_a_missing_date_fails_it() throws Exception {
        ObjectNode e = (ObjectNode) lines(export("--format", "crowdflow-keyvalues").out()).get(0);
        assertFalse(crowdFlowSchema.validate(e.deepCopy().put("peopleCount", -1)).isEmpty());
        ObjectNode noDate = e.deepCopy();
        noDate.remove("dateObserved");
        assertFalse(crowdFlowSchema.validate(noDate).isEmpty());
        assertFalse(crowdFlowSchema.validate(e.deepCopy().put("dateObservedFrom", "yesterday")).isEmpty());
    }

    @Test
    void sensorthings_gives_each_node_a_thing_with_datastreams_then_observations_over_the_window_interval() throws Exception {
        Run r = export("--format", "sensorthings", "--from", "2026-11-22", "--to", "2026-11-23");
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> docs = lines(r.out());
        Set<String> datastreams = new HashSet<>();
        int observations = 0;
        for (JsonNode d : docs) {
            if (d.has("Datastreams")) {
                assertEquals(3, d.get("Datastreams").size());
                d.get("Datastreams").forEach(ds -> {
                    datastreams.add(ds.get("@iot.id").asText());
                    assertTrue(ds.has("ObservedProperty") && ds.has("Sensor") && ds.has("unitOfMeasurement"), ds.toString());
                });
            } else {
                observations++;
                assertTrue(datastreams.contains(d.get("Datastream").get("@iot.id").asText()), "the Thing comes first: " + d);
                assertTrue(d.get("phenomenonTime").asText().matches("2026-11-22T\\d\\d:00:00Z/2026-11-22T\\d\\d:05:00Z"), d.toString());
                assertTrue(d.get("result").isInt() && d.get("result").asInt() >= 0);
            }
        }
        assertEquals(2, docs.size() - observations, "one Thing per node");
        List<JsonNode> n1Seq2 = docs.stream().filter(d -> d.path("parameters").path("id").asText().equals("n1/abc123/2")).toList();
        assertEquals(3, n1Seq2.size());
        JsonNode halfCoverage = JSON.readTree("{\"counting\":150,\"of\":300}");
        n1Seq2.forEach(d -> assertEquals(halfCoverage, d.get("parameters").get("coverage"), d.toString()));
        JsonNode phones = n1Seq2.stream().filter(d -> d.get("Datastream").get("@iot.id").asText().endsWith(":phones")).findFirst().orElseThrow();
        int est2 = stored.get(1).wifi().get().estimated();
        assertEquals(est2, phones.get("result").asInt());
        assertEquals(List.of(120, est2 - 5, est2 + 7), List.of(phones.get("parameters").get("capturing").asInt(),
                phones.get("parameters").get("estimateLow").asInt(), phones.get("parameters").get("estimateHigh").asInt()));
        List<JsonNode> old = docs.stream().filter(d -> Set.of("n1/abc123/3", "n2/abc123/5").contains(d.path("parameters").path("id").asText())).toList();
        assertEquals(5, old.size());
        old.forEach(d -> assertFalse(d.get("parameters").has("coverage") || d.get("parameters").has("capturing"), "coverage unknown: " + d));
        assertEquals(24 * 3 + 24 * 2, observations, "day one only: n1 in, out and phones, n2 in and out");
        assertTrue(r.err().contains("48 windows exported"), r.err());
    }

    @Test
    void sensorthings_says_how_many_windows_a_merged_message_sums_and_says_nothing_on_a_single_window() throws Exception {
        Run r = export("--format", "sensorthings");
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> observations = lines(r.out()).stream().filter(d -> d.has("parameters")).toList();
        List<JsonNode> merged = observations.stream().filter(d -> d.get("parameters").get("id").asText().endsWith("/48-50")).toList();
        assertEquals(5, merged.size(), "n1 in, out and phones, n2 in and out");
        merged.forEach(d -> assertEquals(3, d.get("parameters").path("mergedWindows").asInt(-1), d.toString()));
        assertTrue(observations.stream().filter(d -> !merged.contains(d)).noneMatch(d -> d.get("parameters").has("mergedWindows")));
    }

    @Test
    void csv_has_a_row_per_window_and_daily_weekly_and_monthly_totals_sum_the_beams() throws Exception {
        Run rows = export("--format", "csv");
        assertEquals(0, rows.exit(), rows.err());
        List<String> lines = rows.out().lines().toList();
        assertEquals(io.footfall.agent.store.export.CsvExport.WINDOW_HEADER, lines.get(0));
        assertEquals(stored.size() + 1, lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("gent,n1,abc123,48,50,3,")), rows.out());
        int est1 = stored.get(0).wifi().get().estimated();
        int est2 = stored.get(1).wifi().get().estimated();
        int est3 = stored.get(2).wifi().get().estimated();
        assertTrue(lines.get(1).startsWith("gent,n1,abc123,1,") && lines.get(1).endsWith(",300,300,300,"
                + stored.get(0).wifi().get().estimatedLow() + "," + stored.get(0).wifi().get().estimatedHigh()), lines.get(1));
        String half = lines.stream().filter(l -> l.startsWith("gent,n1,abc123,2,")).findFirst().orElseThrow();
        assertTrue(half.contains("," + est2 + ",") && half.endsWith(",false,150,300,120," + (est2 - 5) + "," + (est2 + 7)), half);
        String old = lines.stream().filter(l -> l.startsWith("gent,n1,abc123,3,")).findFirst().orElseThrow();
        assertTrue(old.endsWith(",false,,,," + est3 + "," + est3), "coverage unknown is empty, not full: " + old);
        String oldNoWifi = lines.stream().filter(l -> l.startsWith("gent,n2,abc123,5,")).findFirst().orElseThrow();
        assertTrue(oldNoWifi.endsWith(",,,,,,,,"), oldNoWifi);
        assertEquals(CsvExport.WINDOW_HEADER.split(",").length, oldNoWifi.split(",", -1).length);

        List<String> daily = export("--format", "csv", "--totals", "day").out().lines().toList();
        assertEquals(io.footfall.agent.store.export.CsvExport.TOTALS_HEADER, daily.get(0));
        int in1 = stored.stream().filter(w -> w.node().equals("n1") && w.start().toString().startsWith("2026-11-22")).mapToInt(ReceivedWindow::beamIn).sum();
        int out1 = stored.stream().filter(w -> w.node().equals("n1") && w.start().toString().startsWith("2026-11-22")).mapToInt(ReceivedWindow::beamOut).sum();
        int peak = stored.stream().filter(w -> w.node().equals("n1") && w.start().toString().startsWith("2026-11-22"))
                .mapToInt(w -> w.wifi().get().estimated()).max().orElseThrow();
        long counting1 = stored.stream().filter(w -> w.node().equals("n1") && w.start().toString().startsWith("2026-11-22"))
                .flatMap(w -> w.coverage().stream()).mapToLong(io.footfall.agent.counts.Coverage::counting).sum();
        assertEquals(22 * 300 + 150, counting1, "the fixture: 22 windows watched throughout, one half, one unknown");
        assertEquals("gent,n1,day,2026-11-22,24," + in1 + "," + out1 + "," + peak + "," + counting1 + "," + 23 * 300 + ",1", daily.get(1),
                "counting of the 23 windows that say it, and the one that does not");
        assertEquals(5, daily.size(), "two nodes, two days");
        assertTrue(daily.get(3).startsWith("gent,n2,day,2026-11-22,24,") && daily.get(3).endsWith(",," + 23 * 300 + "," + 23 * 300 + ",1"),
                "no Wi-Fi, no estimate: " + daily);
        assertTrue(daily.get(2).startsWith("gent,n1,day,2026-11-23,24,") && daily.get(2).endsWith(",0"), daily.get(2));

        List<String> weekly = export("--format", "csv", "--totals", "week").out().lines().toList();
        assertTrue(weekly.get(1).startsWith("gent,n1,week,2026-11-16,24," + in1 + ","), "2026-11-22 is a Sunday: its ISO week began on the 16th " + weekly);
        assertTrue(weekly.get(2).startsWith("gent,n1,week,2026-11-23,"), weekly.toString());
        List<String> monthly = export("--format", "csv", "--totals", "month", "--zone", "Europe/Brussels").out().lines().toList();
        assertEquals(3, monthly.size(), monthly.toString());
        assertTrue(monthly.get(1).startsWith("gent,n1,month,2026-11-01,48,"), monthly.toString());
    }

    @Test
    void a_bad_format_or_time_is_refused_naming_the_option() {
        Run r = export("--format", "xml");
        assertEquals(78, r.exit());
        assertTrue(r.err().contains("format"), r.err());
        Run t = export("--format", "csv", "--from", "yesterday");
        assertEquals(78, t.exit());
        assertTrue(t.err().contains("from") && t.err().contains("yesterday"), t.err());
    }
}

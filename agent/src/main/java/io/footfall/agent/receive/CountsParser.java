package io.footfall.agent.receive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.receive.Rejection.Kind;
import io.footfall.agent.receive.Rejection.RejectedException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import io.footfall.agent.counts.Coverage;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code footfall.counts/1} payload and refuses anything the platform must not store: not
 * JSON (duplicate keys included: {@code {"node":"n1","node":"x"}} would read differently in
 * different parsers), a violation of docs/schema/counts.schema.json (negative counts, unknown
 * fields, a bad id or time), a seq beyond {@link #MAX_SEQ}, an id whose node or seqs disagree with
 * the payload's, a count beyond {@code int}. Each refusal is a {@link RejectedException}.
 */
public final class CountsParser {
    /**
     * The largest seq taken: 2^53 - 1, the largest integer every JSON parser reads exactly (RFC 8259
     * section 6). A node starting at 1 with one window a minute needs 17 billion years to get there;
     * 2^63 would wrap negative in a {@code long}.
     */
    static final long MAX_SEQ = (1L << 53) - 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private CountsParser() {}

    /** Parses and checks one payload, whatever topic it came on. */
    public static ReceivedWindow parse(byte[] payload) {
        JsonNode m;
        try {
            m = MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            throw malformed("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("not JSON: " + e.getMessage());
        }
        if (m == null || !m.isObject()) {
            throw malformed("not a JSON object");
        }
        List<String> violations = CountsSchema.get().violations(m);
        if (!violations.isEmpty()) {
            throw malformed("breaks counts.schema.json: " + String.join("; ", violations.subList(0, Math.min(5, violations.size())))
                    + (violations.size() > 5 ? "; and " + (violations.size() - 5) + " more" : ""));
        }
        String id = m.get("id").asText();
        String node = m.get("node").asText();
        String[] parts = id.split("/");
        long seq = seq(m.get("seq"), "seq");
        long seqLast = m.has("seqLast") ? seq(m.get("seqLast"), "seqLast") : seq;
        if (seqLast < seq) {
            throw malformed("seqLast " + seqLast + " is before seq " + seq);
        }
        String expected = node + "/" + parts[1] + "/" + (seqLast == seq ? Long.toString(seq) : seq + "-" + seqLast);
        if (!id.equals(expected)) {
            throw malformed("id " + id + " does not match node " + node + ", seq " + seq + (seqLast == seq ? "" : ", seqLast " + seqLast)
                    + " (expected " + expected + ")");
        }
        JsonNode window = m.get("window");
        JsonNode beam = m.get("beam");
        Optional<ReceivedWindow.Wifi> wifi = Optional.empty();
        if (m.has("wifi")) {
            JsonNode w = m.get("wifi");
            int estimated = count(w, "estimated");
            // older nodes publish no interval, and each end is left out where it equals the estimate
            int low = w.has("estimatedLow") ? count(w, "estimatedLow") : estimated;
            int high = w.has("estimatedHigh") ? count(w, "estimatedHigh") : estimated;
            if (low > estimated || high < estimated) {
                throw malformed("interval " + low + ".." + high + " does not hold the estimate " + estimated);
            }
            wifi = Optional.of(new ReceivedWindow.Wifi(count(w, "devices"), count(w, "universal"), count(w, "randomized"),
                    estimated, w.path("suppressed").asBoolean(false), count(w, "k"), low, high)); // absent: false (compact encoding)
        }
        Instant start;
        Instant end;
        try {
            start = Instant.parse(window.get("start").asText());
            end = Instant.parse(window.get("end").asText());
        } catch (DateTimeParseException e) {
            throw malformed("window start/end not ISO-8601 UTC: " + e.getParsedString());
        }
        if (!end.isAfter(start)) {
            throw malformed("window end " + end + " is not after its start " + start);
        }
        Map<String, Object> json = MAPPER.convertValue(m, MAP);
        coverage(json); // refuses a malformed coverage now rather than when it is printed
        return new ReceivedWindow(m.get("site").asText(), node, parts[1], id, seq, seqLast, start, end,
                window.path("clockSynced").asBoolean(true) /* absent: true (compact encoding) */, count(beam, "in"), count(beam, "out"), wifi, json);
    }

    /** Parses one payload published on {@code topic}; the payload must name the topic's site and node. */
    public static ReceivedWindow parse(String topic, byte[] payload) {
        ReceivedWindow w = parse(payload);
        String[] t = topic.split("/", -1);
        if (t.length != 5 || !t[0].equals("footfall") || !t[1].equals("v1") || !t[4].equals("counts")) {
            throw new RejectedException(Kind.IDENTITY, "not a counts topic: " + topic);
        }
        if (!t[2].equals(w.site()) || !t[3].equals(w.node())) {
            throw new RejectedException(Kind.IDENTITY, "payload claims site " + w.site() + " node " + w.node()
                    + " but was published on " + topic + " (id " + w.id() + ")");
        }
        return w;
    }

    /**
     * The message's {@code coverage} (with {@code wifi.capturing} and {@code wifi.channels}), the
     * compact encoding's defaults applied ({@link io.footfall.agent.counts.CountsJson#readCoverage});
     * empty for a message from a node older than coverage.
     *
     * @throws RejectedException when it is present but malformed
     */
    static Optional<Coverage> coverage(Map<String, Object> m) {
        try {
            return io.footfall.agent.counts.CountsJson.readCoverage(m);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw malformed("coverage: " + e.getMessage());
        }
    }

    private static long seq(JsonNode n, String field) {
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() > MAX_SEQ) {
            throw malformed(field + " " + n.asText() + " is beyond " + MAX_SEQ);
        }
        return n.asLong();
    }

    private static int count(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (!n.canConvertToInt()) {
            throw malformed(field + " " + n.asText() + " is beyond " + Integer.MAX_VALUE);
        }
        return n.asInt();
    }

    private static RejectedException malformed(String detail) {
        return new RejectedException(Kind.MALFORMED, detail);
    }
}

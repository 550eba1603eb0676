package io.footfall.agent.receive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.SectionKinds;
import io.footfall.agent.counts.wifi.WifiKind;
import io.footfall.agent.counts.wifi.WifiSection;
import io.footfall.agent.receive.Rejection.Kind;
import io.footfall.agent.receive.Rejection.RejectedException;
import java.io.IOException;
import java.util.List;

/**
 * Reads a {@code footfall.counts/1} payload and refuses anything the platform must not store: not
 * JSON (duplicate keys included: {@code {"node":"n1","node":"x"}} would read differently in
 * different parsers), a violation of docs/schema/counts.schema.json (negative counts, unknown
 * fields, a bad id or time), a seq beyond {@link #MAX_SEQ}, an id whose node or seqs disagree with
 * the payload's, a count beyond {@code int}. Each refusal is a {@link RejectedException}. A payload
 * that passes is a {@link CountsMessage} ({@link CountsJson#read}).
 */
public final class CountsParser {
    /**
     * The largest seq taken: 2^53 - 1, the largest integer every JSON parser reads exactly (RFC 8259
     * section 6). A node starting at 1 with one window a minute needs 17 billion years to get there;
     * 2^63 would wrap negative in a {@code long}.
     */
    static final long MAX_SEQ = (1L << 53) - 1;

    private CountsParser() {}

    /** Parses and checks one payload whose sections are those of {@code kinds}. */
    public static ReceivedWindow parse(byte[] payload, SectionKinds kinds) {
        JsonNode m;
        try {
            m = CountsJson.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw malformed("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("not JSON: " + e.getMessage());
        }
        if (m == null || !m.isObject()) {
            throw malformed("not a JSON object");
        }
        List<String> violations = CountsSchema.of(kinds).violations(m);
        if (!violations.isEmpty()) {
            throw malformed("breaks counts.schema.json: " + String.join("; ", violations.subList(0, Math.min(5, violations.size())))
                    + (violations.size() > 5 ? "; and " + (violations.size() - 5) + " more" : ""));
        }
        seq(m.get("seq"), "seq");
        if (m.has("seqLast")) {
            seq(m.get("seqLast"), "seqLast");
        }
        CountsMessage message;
        try {
            message = CountsJson.read(m, kinds);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
        String id = message.id();
        String[] parts = id.split("/");
        long seq = message.seq();
        long seqLast = message.seqLast();
        String expected = message.node() + "/" + parts[1] + "/" + (seqLast == seq ? Long.toString(seq) : seq + "-" + seqLast);
        if (!id.equals(expected)) {
            throw malformed("id " + id + " does not match node " + message.node() + ", seq " + seq
                    + (seqLast == seq ? "" : ", seqLast " + seqLast) + " (expected " + expected + ")");
        }
        if (WifiKind.in(message).isPresent()) {
            WifiSection w = WifiKind.in(message).get();
            if (w.low() > w.estimated() || w.high() < w.estimated()) {
                throw malformed("interval " + w.low() + ".." + w.high() + " does not hold the estimate " + w.estimated());
            }
        }
        if (!message.window().end().isAfter(message.window().start())) {
            throw malformed("window end " + message.window().end() + " is not after its start " + message.window().start());
        }
        try {
            message.coverage(); // refuses a malformed coverage now rather than when it is printed
        } catch (IllegalArgumentException e) {
            throw malformed("coverage: " + e.getMessage());
        }
        return new ReceivedWindow(message, parts[1], CountsJson.mapper().convertValue(m, ReceivedWindow.JSON));
    }

    /** Parses one payload published on {@code topic} (the payload must name the topic's site and node) whose sections are those of {@code kinds}. */
    public static ReceivedWindow parse(String topic, byte[] payload, SectionKinds kinds) {
        ReceivedWindow w = parse(payload, kinds);
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

    private static long seq(JsonNode n, String field) {
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() > MAX_SEQ) {
            throw malformed(field + " " + n.asText() + " is beyond " + MAX_SEQ);
        }
        return n.asLong();
    }

    private static RejectedException malformed(String detail) {
        return new RejectedException(Kind.MALFORMED, detail);
    }
}

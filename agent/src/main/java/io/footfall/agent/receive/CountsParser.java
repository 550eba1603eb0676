package io.footfall.agent.receive;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import io.footfall.agent.counts.Coverage;
import java.util.Map;
import java.util.Optional;

/** Reads a {@code footfall.counts/1} payload; refuses what lacks the fields de-duplication needs. */
final class CountsParser {
    private CountsParser() {}

    static ReceivedWindow parse(byte[] payload) {
        Map<String, Object> m;
        try {
            m = JSON.std.mapFrom(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        String id = str(m, "id");
        String[] parts = id.split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException("id is not node/stream/seq: " + id);
        }
        long seq = num(m, "seq").longValue();
        long seqLast = m.containsKey("seqLast") ? num(m, "seqLast").longValue() : seq;
        Map<String, Object> window = obj(m, "window");
        Map<String, Object> beam = obj(m, "beam");
        Optional<ReceivedWindow.Wifi> wifi = Optional.empty();
        if (m.get("wifi") instanceof Map<?, ?>) {
            Map<String, Object> w = obj(m, "wifi");
            int estimated = num(w, "estimated").intValue();
            // older nodes publish no interval: it is then the estimate itself
            int low = w.containsKey("estimatedLow") ? num(w, "estimatedLow").intValue() : estimated;
            int high = w.containsKey("estimatedHigh") ? num(w, "estimatedHigh").intValue() : estimated;
            wifi = Optional.of(new ReceivedWindow.Wifi(num(w, "devices").intValue(), num(w, "universal").intValue(),
                    num(w, "randomized").intValue(), estimated, Boolean.TRUE.equals(w.get("suppressed")),
                    num(w, "k").intValue(), low, high));
        }
        coverage(m); // refuses a malformed coverage now rather than when it is printed
        try {
            return new ReceivedWindow(str(m, "site"), str(m, "node"), parts[1], id, seq, seqLast,
                    Instant.parse(str(window, "start")), Instant.parse(str(window, "end")),
                    Boolean.TRUE.equals(window.get("clockSynced")), num(beam, "in").intValue(), num(beam, "out").intValue(), wifi, m);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("window start/end not ISO-8601: " + e.getParsedString());
        }
    }

    /**
     * The message's {@code coverage} (with {@code wifi.capturing} and {@code wifi.channels}), the
     * compact encoding's defaults applied ({@link io.footfall.agent.counts.CountsJson#readCoverage});
     * empty for a message from a node older than coverage.
     *
     * @throws IllegalArgumentException when it is present but malformed
     */
    static Optional<Coverage> coverage(Map<String, Object> m) {
        return io.footfall.agent.counts.CountsJson.readCoverage(m);
    }

    private static String str(Map<String, Object> m, String k) {
        if (m.get(k) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("missing string field " + k);
    }

    private static Number num(Map<String, Object> m, String k) {
        if (m.get(k) instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("missing number field " + k);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Map<String, Object> m, String k) {
        if (m.get(k) instanceof Map<?, ?> o) {
            return (Map<String, Object>) o;
        }
        throw new IllegalArgumentException("missing object field " + k);
    }
}

package io.footfall.agent.health;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.json.RecordJson;
import io.footfall.hal.FootfallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;

/**
 * {@link HealthSnapshot} to JSON and back. Written by {@link RecordJson} (jackson-jr, which the
 * node already loads): fields in the records' order, an empty {@code Optional} left out, times as
 * ISO-8601, the window's beam counts in the counts message's own encoding. Read by Jackson
 * databind's record binding, loaded only by what reads ({@code watch}, {@code diag},
 * {@code receive}); reading ignores fields it does not know (a status file from a newer agent),
 * while {@code receive} checks payloads against the schema first, which refuses them.
 */
public final class HealthJson {
    private static final RecordJson WRITER = RecordJson.with(new RecordJson.Adapter<>(BeamCounts.class, CountsJson::beam));

    private HealthJson() {}

    public static byte[] write(HealthSnapshot h) {
        return WRITER.write(h);
    }

    /**
     * Reads a snapshot (a status file, or a health payload).
     *
     * @throws UnreadableHealthException naming the first field that is missing or of another type
     */
    public static HealthSnapshot read(byte[] json) {
        return Binding.read(json);
    }

    /** A parsed JSON tree as a snapshot (the receiver parses and validates the tree first). */
    public static HealthSnapshot read(JsonNode tree) {
        return Binding.read(tree);
    }

    /** A status file or health payload that is not a snapshot: which field is missing or wrong. */
    public static final class UnreadableHealthException extends FootfallException {
        UnreadableHealthException(String message) {
            super(message);
        }
    }

    /** Databind, loaded on first read, never by a node, which only writes. */
    private static final class Binding {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new SimpleModule("instants").addDeserializer(Instant.class, new InstantText()))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();

        static HealthSnapshot read(byte[] json) {
            try {
                HealthSnapshot h = MAPPER.readValue(json, HealthSnapshot.class);
                if (h == null) {
                    throw new UnreadableHealthException("no health snapshot in it (null)");
                }
                return h;
            } catch (DatabindException e) {
                throw new UnreadableHealthException(describe(e));
            } catch (JsonProcessingException e) {
                throw new UnreadableHealthException("not JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static HealthSnapshot read(JsonNode tree) {
            try {
                return MAPPER.treeToValue(tree, HealthSnapshot.class);
            } catch (DatabindException e) {
                throw new UnreadableHealthException(describe(e));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** What is wrong, by the field's dotted name: a compact constructor names what it misses, Jackson the path to a value of the wrong type. */
        private static String describe(DatabindException e) {
            if (e instanceof ValueInstantiationException v && v.getCause() instanceof NullPointerException npe && npe.getMessage() != null) {
                return "no '" + npe.getMessage() + "' in it";
            }
            String path = e instanceof JsonMappingException m
                    ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                            .collect(Collectors.joining(".")).replace(".[", "[")
                    : "";
            return "no valid '" + (path.isEmpty() ? "(the whole snapshot)" : path) + "' in it";
        }
    }

    private static final class InstantText extends StdScalarDeserializer<Instant> {
        InstantText() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return Instant.parse(p.getValueAsString(""));
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(), "not an ISO-8601 instant");
            }
        }
    }
}

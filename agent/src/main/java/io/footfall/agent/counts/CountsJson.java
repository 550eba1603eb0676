package io.footfall.agent.counts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.json.RecordJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON form of counts (contract field names; schema in docs/schema/counts.schema.json), bound by
 * Jackson to {@link CountsMessage} and its sections' records.
 *
 * <p>Compact encoding (docs/MQTT.md, "Compact encoding"): a node sends 288 windows a day against a
 * budget of 150 KB, so fields that nearly always hold one value are left out when they do, each with
 * a documented default. There is one mechanism for all of them: such a field is an {@code Optional}
 * in its record, empty exactly when absent on the wire ({@link CountsWriter} leaves empty ones out,
 * {@link #mapper()} reads absent ones as empty); the factory that builds a window leaves it empty when it holds its
 * default, and one accessor beside it applies the default ({@link CountsMessage#coverage()},
 * {@code WifiSection.low()}, ...). A flag whose default is {@code false} is a {@code boolean}
 * annotated {@code @JsonInclude(NON_DEFAULT)}: written only when true, read as false when absent
 * ({@code beam.passages[].blocked}, {@code wifi.suppressed}); {@code window.clockSynced} is written
 * only when false (issue 14, docs/MQTT.md). Every figure can still be read from the message alone.
 *
 * <p>Writing is {@link CountsWriter}'s, with jackson-jr, which honours the same annotations (a node
 * then never loads databind); databind reads, here. The envelope ({@code schema} to {@code coverage})
 * is written in its fixed order; each section after it from its record, in the order the message
 * holds them.
 */
public final class CountsJson {
    /** The node's writer of records (sections, coverage), which honours their annotations as {@link #mapper()} does. */
    private static final RecordJson RECORDS = RecordJson.with();

    /**
     * Databind, made at its first use: the node writes without it ({@link CountsWriter}, and the trees
     * below for health), so loading this class must not load databind.
     */
    private static final class Databind {
        /** Leaves out absent Optionals, refuses duplicate keys and numbers that are not what a field holds; thread-safe. */
        static final JsonMapper MAPPER = JsonMapper.builder()
                .addModule(new Jdk8Module())
                .serializationInclusion(JsonInclude.Include.NON_ABSENT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                // a count is a whole JSON number: neither 1.5 nor "2" is taken for one
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    private CountsJson() {}

    /**
     * The databind mapper the counts are read with (and the receiver's trees): leaves out absent
     * Optionals, refuses duplicate keys and numbers that are not what a field holds; thread-safe.
     * Made at its first use, so that a node that only writes never loads databind.
     */
    public static JsonMapper mapper() {
        return Databind.MAPPER;
    }

    /** The message's payload, as the node writes it: {@link CountsWriter#toJson}, which does not load databind. */
    public static byte[] toJson(CountsMessage m) {
        return CountsWriter.toJson(m);
    }

    /**
     * @throws IllegalArgumentException naming the field when the payload is not JSON or a field is
     *     missing or malformed
     */
    public static CountsMessage read(byte[] payload, SectionKinds kinds) {
        try {
            return read(mapper().readTree(payload), kinds);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The message in {@code tree}, each section of a registered kind bound to its record; sections
     * of kinds not registered are not read. The contract's rules beyond the fields' shapes (the
     * schema, id against seq) are the receiver's ({@code receive.CountsParser}).
     *
     * @throws IllegalArgumentException naming the field when one is missing or malformed
     */
    public static CountsMessage read(JsonNode tree, SectionKinds kinds) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode window = field(tree, "window");
        Optional<CountsMessage.Merged> merged = tree.has("seqLast") || tree.has("merged")
                ? Optional.of(new CountsMessage.Merged(whole(field(tree, "seqLast"), "seqLast"), (int) whole(field(tree, "merged"), "merged")))
                : Optional.empty();
        Optional<CountsMessage.Watched> watched = Optional.empty();
        if (tree.has("coverage")) {
            JsonNode c = tree.get("coverage");
            watched = Optional.of(new CountsMessage.Watched(whole(field(c, "coverage.counting"), "coverage.counting"),
                    c.has("of") ? OptionalLong.of(whole(c.get("of"), "coverage.of")) : OptionalLong.empty()));
        }
        Map<String, CountsSection> sections = new LinkedHashMap<>();
        for (SectionKind<?> k : kinds.all()) {
            if (tree.hasNonNull(k.key())) {
                try {
                    sections.put(k.key(), mapper().treeToValue(tree.get(k.key()), k.type()));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(beyondInt(tree.get(k.key())).orElse(path(k.key(), e) + ": "
                            + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())), e);
                }
            } else if (k.required()) {
                throw new IllegalArgumentException(k.key() + " is missing");
            }
        }
        return new CountsMessage(text(tree, "site"), text(tree, "node"), text(tree, "id"), whole(field(tree, "seq"), "seq"), merged,
                new CountsMessage.WindowInfo(instant(window, "start").toEpochMilli(), instant(window, "end").toEpochMilli(),
                        clockSynced(window)),
                watched, sections);
    }

    /** {@code window.clockSynced}, {@code true} when absent (issue 14). */
    private static boolean clockSynced(JsonNode window) {
        JsonNode n = window.get("clockSynced");
        if (n == null) {
            return true;
        }
        if (!n.isBoolean()) {
            throw new IllegalArgumentException("window.clockSynced is not a boolean: " + n);
        }
        return n.asBoolean();
    }

    /** The field a binding failure is about, e.g. {@code wifi.capturing}. */
    private static String path(String key, Exception e) {
        StringBuilder p = new StringBuilder(key);
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference r : m.getPath()) {
                p.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
            }
        }
        return p.toString();
    }

    /** "in 4294967296 is beyond 2147483647" for the first whole number in {@code section} that no count can hold. */
    private static Optional<String> beyondInt(JsonNode section) {
        for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) section::fields) {
            JsonNode v = f.getValue();
            if (v.isIntegralNumber() && !v.canConvertToInt()) {
                return Optional.of(f.getKey() + " " + v.asText() + " is beyond " + Integer.MAX_VALUE);
            }
            Optional<String> inner = Optional.empty();
            if (v.isObject()) {
                inner = beyondInt(v);
            }
            for (int i = 0; inner.isEmpty() && v.isArray() && i < v.size(); i++) {
                inner = v.get(i).isObject() ? beyondInt(v.get(i)) : Optional.empty();
            }
            if (inner.isPresent()) {
                return inner;
            }
        }
        return Optional.empty();
    }

    private static JsonNode field(JsonNode parent, String path) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException(path + " is missing");
        }
        return n;
    }

    private static String text(JsonNode parent, String name) {
        JsonNode n = field(parent, name);
        if (!n.isTextual()) {
            throw new IllegalArgumentException(name + " is not a string: " + n);
        }
        return n.asText();
    }

    private static Instant instant(JsonNode window, String name) {
        try {
            return Instant.parse(text(window, name));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("window " + name + " not ISO-8601: " + e.getParsedString());
        }
    }

    private static long whole(JsonNode n, String field) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is not a whole number: " + n);
        }
        return n.asLong();
    }

    /** The {@code beam} section as a JSON tree, for outputs that show it beside other things (health, {@code beam replay}). */
    public static Map<String, Object> beam(BeamCounts b) {
        return tree(b);
    }

    /** One section as a JSON tree, for outputs that show it beside other things ({@code pcap count}'s {@code wifi}). */
    public static Map<String, Object> section(CountsSection section) {
        return tree(section);
    }

    /** {@code {"counting": S, "of": W}}, both written out. */
    public static Map<String, Object> coverage(Coverage c) {
        return tree(new CountsMessage.Watched(c.counting(), OptionalLong.of(c.of())));
    }

    /** A record as the tree of what the node writes of it, keys in the written order; made without databind (health uses it). */
    private static Map<String, Object> tree(Object record) {
        try {
            return JSON.std.mapFrom(RECORDS.write(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON tree (of maps, lists and values) as bytes, as jackson-jr writes it (health, diag, the CLI's outputs). */
    public static byte[] write(Map<String, Object> tree) {
        try {
            return JSON.std.asString(tree).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

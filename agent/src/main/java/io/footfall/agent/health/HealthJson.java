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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.json.RecordJson;
import io.footfall.hal.FootfallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link HealthSnapshot} to JSON and back. Written by {@link RecordJson} (jackson-jr, which the
 * node already loads): fields in the records' order, an empty {@code Optional} left out, times as
 * ISO-8601, the window's beam counts in the counts message's own encoding, each sensor kind's
 * section under its key in the place of {@link HealthSnapshot#sensors()}. Read by Jackson
 * databind's record binding, loaded only by what reads ({@code watch}, {@code diag},
 * {@code receive}); reading ignores fields it does not know (a status file from a newer agent),
 * while {@code receive} checks payloads against the schema first, which refuses them.
 */
public final class HealthJson {
    private static final RecordJson WRITER = RecordJson.with(new RecordJson.Adapter<>(BeamCounts.class, HealthJson::windowBeam),
            new RecordJson.Adapter<>(HealthSnapshot.class, HealthJson::fields), new RecordJson.Adapter<>(WindowSoFar.class, HealthJson::fields));

    private HealthJson() {}

    public static byte[] write(HealthSnapshot h) {
        return WRITER.write(h);
    }

    /**
     * The window's beam counts as the counts message writes them, except that each passage says
     * {@code blocked} also when false: the status file always did, and {@code watch} and {@code diag}
     * of older versions read it (the counts message leaves the default out since issue 14).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> windowBeam(BeamCounts b) {
        Map<String, Object> m = CountsJson.beam(b);
        Object passages = m.get("passages");
        if (passages instanceof List<?> list) {
            for (Object p : list) {
                if (p instanceof Map<?, ?> passage) {
                    ((Map<String, Object>) passage).putIfAbsent("blocked", false);
                }
            }
        }
        return m;
    }

    /** The snapshot's fields in order, each sensor kind's section in place of {@code sensors}; absent ones left out. */
    private static Map<String, Object> fields(HealthSnapshot h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", h.schema());
        m.put("site", h.site());
        m.put("node", h.node());
        m.put("time", h.time());
        m.put("uptimeSeconds", h.uptimeSeconds());
        m.put("clockSynced", h.clockSynced());
        m.putAll(h.sensors());
        h.pipeline().ifPresent(p -> m.put("pipeline", p));
        m.put("outbox", h.outbox());
        m.put("mqtt", h.mqtt());
        m.put("system", h.system());
        h.window().ifPresent(w -> m.put("window", w));
        return m;
    }

    /** The window's fields in order, each kind's figures (its record's components) in place of {@code sensors}. */
    private static Map<String, Object> fields(WindowSoFar w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", w.start());
        m.put("end", w.end());
        w.sensors().values().forEach(k -> components(k, m));
        m.put("coverage", w.coverage());
        return m;
    }

    /** A record's components into {@code m}, under their names; an empty {@code Optional} left out. */
    private static void components(KindWindow r, Map<String, Object> m) {
        if (!r.getClass().isRecord()) {
            throw new IllegalArgumentException("a kind's window figures must be a record: " + r.getClass().getName());
        }
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                Method accessor = c.getAccessor();
                accessor.setAccessible(true); // a record of a kind in a package-private class
                v = accessor.invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
            if (v instanceof Optional<?> o) {
                o.ifPresent(x -> m.put(c.getName(), x));
            } else if (v != null) {
                m.put(c.getName(), v);
            }
        }
    }

    /**
     * Reads a snapshot (a status file, or a health payload) whose sensor sections are those of {@code kinds};
     * sections of other kinds are ignored. Callers pass their registration's ({@code Kinds.STANDARD.health()}).
     *
     * @throws UnreadableHealthException naming the first field that is missing or of another type
     */
    public static HealthSnapshot read(byte[] json, HealthKinds kinds) {
        return Binding.read(json, kinds);
    }

    /** A parsed JSON tree as a snapshot whose sensor sections are those of {@code kinds}. */
    public static HealthSnapshot read(JsonNode tree, HealthKinds kinds) {
        try {
            return Binding.read(tree, kinds);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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

        static HealthSnapshot read(byte[] json, HealthKinds kinds) {
            JsonNode tree;
            try {
                tree = MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                throw new UnreadableHealthException("not JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new UnreadableHealthException("no health snapshot in it (null)");
            }
            try {
                return read(tree, kinds);
            } catch (JsonProcessingException e) {
                throw new UnreadableHealthException("not JSON: " + e.getOriginalMessage());
            }
        }

        /** Each kind's section bound to its record, then the rest to {@link Common}; the snapshot's constructor checks the whole. */
        static HealthSnapshot read(JsonNode tree, HealthKinds kinds) throws JsonProcessingException {
            if (!(tree instanceof ObjectNode object)) {
                throw new UnreadableHealthException("no valid '(the whole snapshot)' in it");
            }
            ObjectNode rest = object.deepCopy();
            Map<String, KindHealth> sensors = new LinkedHashMap<>();
            Optional<String> missing = Optional.empty();
            for (HealthKind<?> k : kinds.all()) {
                JsonNode section = rest.remove(k.key());
                if (section == null || section.isNull()) {
                    missing = missing.isPresent() || !k.required() ? missing : Optional.of(k.key());
                    continue;
                }
                try {
                    sensors.put(k.key(), MAPPER.treeToValue(section, k.type()));
                } catch (DatabindException e) {
                    throw new UnreadableHealthException(describe(e, k.key()));
                }
            }
            Optional<WindowSoFar> window = readWindow(rest.remove("window"), kinds);
            Common c;
            try {
                c = MAPPER.treeToValue(rest, Common.class);
            } catch (DatabindException e) {
                throw new UnreadableHealthException(describe(e, ""));
            }
            // named in the order the snapshot declares them: the identity first, then the sensors' sections
            Optional<String> first = c.schema() == null ? Optional.of("schema") : c.site() == null ? Optional.of("site")
                    : c.node() == null ? Optional.of("node") : c.time() == null ? Optional.of("time") : missing;
            if (first.isPresent()) {
                throw new UnreadableHealthException("no '" + first.get() + "' in it");
            }
            try {
                return new HealthSnapshot(c.schema(), c.site(), c.node(), c.time(), c.uptimeSeconds(), c.clockSynced(), sensors,
                        Optional.ofNullable(c.pipeline()).flatMap(p -> p), c.outbox(), c.mqtt(), c.system(),
                        window);
            } catch (NullPointerException e) {
                throw new UnreadableHealthException("no '" + e.getMessage() + "' in it");
            }
        }

        /** The status file's window: each kind's figures bound to its record, then the rest to {@link WindowCommon}. */
        private static Optional<WindowSoFar> readWindow(JsonNode window, HealthKinds kinds) throws JsonProcessingException {
            if (window == null || window.isNull()) {
                return Optional.empty();
            }
            Map<String, KindWindow> sensors = new LinkedHashMap<>();
            WindowCommon c;
            try {
                for (HealthKind<?> k : kinds.all()) {
                    if (k.window().isPresent()) {
                        sensors.put(k.key(), MAPPER.treeToValue(window, k.window().get()));
                    }
                }
                c = MAPPER.treeToValue(window, WindowCommon.class);
            } catch (DatabindException e) {
                throw new UnreadableHealthException(describe(e, "window"));
            }
            try {
                return Optional.of(new WindowSoFar(c.start(), c.end(), sensors, c.coverage()));
            } catch (NullPointerException e) {
                throw new UnreadableHealthException("no '" + e.getMessage() + "' in it");
            }
        }

        /** What is wrong, by the field's dotted name (under {@code section}): a compact constructor names what it misses, Jackson the path to a value of the wrong type. */
        private static String describe(DatabindException e, String section) {
            if (e instanceof ValueInstantiationException v && v.getCause() instanceof NullPointerException npe && npe.getMessage() != null) {
                return "no '" + npe.getMessage() + "' in it";
            }
            String path = e instanceof JsonMappingException m
                    ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                            .collect(Collectors.joining(".")).replace(".[", "[")
                    : "";
            String where = section.isEmpty() ? path : path.isEmpty() ? section : section + (path.startsWith("[") ? "" : ".") + path;
            return "no valid '" + (where.isEmpty() ? "(the whole snapshot)" : where) + "' in it";
        }
    }

    /** A snapshot's fields other than the sensors' sections, as databind binds them; the snapshot checks them. */
    private record Common(String schema, String site, String node, Instant time, long uptimeSeconds, boolean clockSynced,
            Optional<PipelineHealth> pipeline, OutboxHealth outbox, MqttHealth mqtt, SystemHealth system) {}

    /** A window's fields other than the kinds' figures. */
    private record WindowCommon(Instant start, Instant end, WindowSoFar.CoverageSoFar coverage) {}

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

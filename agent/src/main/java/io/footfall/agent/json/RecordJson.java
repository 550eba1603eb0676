package io.footfall.agent.json;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.JacksonJrExtension;
import com.fasterxml.jackson.jr.ob.api.ExtensionContext;
import com.fasterxml.jackson.jr.ob.api.ReaderWriterProvider;
import com.fasterxml.jackson.jr.ob.api.ValueWriter;
import com.fasterxml.jackson.jr.ob.impl.JSONWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Writes records as JSON objects with jackson-jr, the JSON library the node already loads: each
 * component under its name, in the order the record declares them (jackson-jr's own bean writer
 * sorts names, which would reorder the payloads); an empty {@code Optional}, {@code OptionalInt},
 * {@code OptionalLong} or {@code OptionalDouble} left out, a present one written as its value; an
 * {@link Instant} as ISO-8601 ({@link Instant#toString()}). Reading is left to the readers
 * (jackson-databind in {@code watch}, {@code diag}, {@code receive} and the outbox's merger), so a
 * node never loads databind: that cost the live agent 7-9 MB of resident memory under the unit's
 * JVM options, above its 80 MB target (docs/BENCHMARKS.md, "Live agent").
 *
 * <p>The few Jackson annotations a record may carry to shape what is written are honoured as
 * databind honours them, so that one record writes the same bytes through either library (the
 * counts message's compact encoding lives in such annotations, {@code counts.CountsJson}):
 * {@code @JsonPropertyOrder} on the record (the properties it names first, the rest in declaration
 * order); {@code @JsonIgnore} on a component (not written); {@code @JsonInclude(NON_DEFAULT)} on a
 * component (left out when {@code false} or zero); {@code @JsonProperty("name")} on a component
 * (written under that name) or on a method without parameters (its value written as one more
 * property). Any other inclusion rule on a component is refused when the writer is built, rather
 * than silently written another way.
 */
public final class RecordJson {
    /** Writes a {@code type} as whatever {@code toJson} makes of it (a record of another contract, say). */
    public record Adapter<T>(Class<T> type, Function<? super T, ?> toJson) {
        Object apply(Object value) {
            return toJson.apply(type.cast(value));
        }
    }

    private final JSON json;

    private RecordJson(List<Adapter<?>> adapters) {
        List<Adapter<?>> all = new ArrayList<>(adapters);
        all.add(new Adapter<>(Instant.class, Instant::toString));
        this.json = JSON.builder().register(new JacksonJrExtension() {
            @Override
            protected void register(ExtensionContext ctx) {
                ctx.insertProvider(new Provider(List.copyOf(all)));
            }
        }).build();
    }

    public static RecordJson with(Adapter<?>... adapters) {
        return new RecordJson(List.of(adapters));
    }

    public byte[] write(Object value) {
        try {
            return json.asBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Provider extends ReaderWriterProvider {
        private final List<Adapter<?>> adapters;

        Provider(List<Adapter<?>> adapters) {
            this.adapters = adapters;
        }

        @Override
        public ValueWriter findValueWriter(JSONWriter context, Class<?> type) {
            for (Adapter<?> a : adapters) {
                if (a.type().isAssignableFrom(type)) {
                    return new Adapted(type, a);
                }
            }
            return type.isRecord() ? new RecordWriter(type) : null;
        }
    }

    private record Adapted(Class<?> valueType, Adapter<?> adapter) implements ValueWriter {
        @Override
        public void writeValue(JSONWriter context, JsonGenerator g, Object value) throws IOException {
            context.writeValue(adapter.apply(value));
        }
    }

    /** One property of a record as written: its name, how to read it, and whether a default value is left out. */
    private record Property(String name, Method accessor, boolean nonDefault) {}

    private static final class RecordWriter implements ValueWriter {
        private final Class<?> type;
        private final List<Property> properties;

        RecordWriter(Class<?> type) {
            this.type = type;
            this.properties = properties(type);
        }

        /** The record's properties in the order they are written. */
        private static List<Property> properties(Class<?> type) {
            Map<String, Property> byName = new LinkedHashMap<>();
            for (RecordComponent c : type.getRecordComponents()) {
                Method m = c.getAccessor();
                if (!m.isAnnotationPresent(JsonIgnore.class)) {
                    add(byName, property(type, m, c.getName()));
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (m.isAnnotationPresent(JsonProperty.class) && m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                        && Arrays.stream(type.getRecordComponents()).noneMatch(c -> c.getAccessor().equals(m))) {
                    add(byName, property(type, m, m.getName()));
                }
            }
            List<Property> ordered = new ArrayList<>();
            JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
            for (String name : order == null ? new String[0] : order.value()) {
                Property p = byName.remove(name);
                if (p != null) {
                    ordered.add(p);
                }
            }
            ordered.addAll(byName.values());
            return List.copyOf(ordered);
        }

        private static Property property(Class<?> type, Method m, String name) {
            m.setAccessible(true); // a record nested in a package-private class; a package-private @JsonProperty method
            JsonProperty renamed = m.getAnnotation(JsonProperty.class);
            JsonInclude include = m.getAnnotation(JsonInclude.class);
            JsonInclude.Include rule = include == null ? JsonInclude.Include.USE_DEFAULTS : include.value();
            if (rule != JsonInclude.Include.USE_DEFAULTS && rule != JsonInclude.Include.NON_DEFAULT && rule != JsonInclude.Include.NON_ABSENT) {
                throw new IllegalArgumentException(type.getName() + "." + m.getName() + ": @JsonInclude(" + rule + ") is not written by RecordJson");
            }
            String written = renamed == null || renamed.value().isEmpty() ? name : renamed.value();
            return new Property(written, m, rule == JsonInclude.Include.NON_DEFAULT);
        }

        private static void add(Map<String, Property> byName, Property p) {
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("two properties named " + p.name() + " in " + p.accessor().getDeclaringClass().getName());
            }
        }

        @Override
        public Class<?> valueType() {
            return type;
        }

        @Override
        public void writeValue(JSONWriter context, JsonGenerator g, Object record) throws IOException {
            g.writeStartObject();
            for (Property p : properties) {
                Optional<Object> v = present(read(p.accessor(), record));
                if (v.isPresent() && !(p.nonDefault() && isDefault(v.get()))) {
                    g.writeFieldName(p.name());
                    context.writeValue(v.get());
                }
            }
            g.writeEndObject();
        }

        private static Object read(Method accessor, Object record) {
            try {
                return accessor.invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + accessor, e);
            }
        }

        private static Optional<Object> present(Object v) {
            if (v instanceof Optional<?> o) {
                return o.map(x -> x);
            }
            if (v instanceof OptionalInt o) {
                return o.isPresent() ? Optional.of(o.getAsInt()) : Optional.empty();
            }
            if (v instanceof OptionalLong o) {
                return o.isPresent() ? Optional.of(o.getAsLong()) : Optional.empty();
            }
            if (v instanceof OptionalDouble o) {
                return o.isPresent() ? Optional.of(o.getAsDouble()) : Optional.empty();
            }
            return Optional.ofNullable(v);
        }

        /** What databind's {@code NON_DEFAULT} leaves out of a property: the type's default value. */
        private static boolean isDefault(Object v) {
            return Boolean.FALSE.equals(v) || v instanceof Number n && n.doubleValue() == 0;
        }
    }
}

package io.footfall.agent.json;

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
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Writes records as JSON objects with jackson-jr, the JSON library the node already loads: each
 * component under its name, in the order the record declares them (jackson-jr's own bean writer
 * sorts names, which would reorder the payloads); an empty {@code Optional}, {@code OptionalLong}
 * or {@code OptionalDouble} left out, a present one written as its value; an {@link Instant} as
 * ISO-8601 ({@link Instant#toString()}). Reading is left to the readers (jackson-databind in
 * {@code watch}, {@code diag} and {@code receive}), so a node never loads databind: that would
 * cost it about 16 MB of resident memory (docs/BENCHMARKS.md).
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

    private static final class RecordWriter implements ValueWriter {
        private final Class<?> type;
        private final List<String> names = new ArrayList<>();
        private final List<Method> accessors = new ArrayList<>();

        RecordWriter(Class<?> type) {
            this.type = type;
            for (RecordComponent c : type.getRecordComponents()) {
                Method m = c.getAccessor();
                m.setAccessible(true); // a record nested in a package-private class
                names.add(c.getName());
                accessors.add(m);
            }
        }

        @Override
        public Class<?> valueType() {
            return type;
        }

        @Override
        public void writeValue(JSONWriter context, JsonGenerator g, Object record) throws IOException {
            g.writeStartObject();
            for (int i = 0; i < names.size(); i++) {
                Optional<Object> v = present(read(accessors.get(i), record));
                if (v.isPresent()) {
                    g.writeFieldName(names.get(i));
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
            if (v instanceof OptionalLong o) {
                return o.isPresent() ? Optional.of(o.getAsLong()) : Optional.empty();
            }
            if (v instanceof OptionalDouble o) {
                return o.isPresent() ? Optional.of(o.getAsDouble()) : Optional.empty();
            }
            return Optional.ofNullable(v);
        }
    }
}

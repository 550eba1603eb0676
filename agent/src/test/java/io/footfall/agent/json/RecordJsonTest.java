package io.footfall.agent.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RecordJsonTest {
    record Door(String zone, boolean blocked, long crossings) {}

    record Report(String schema, Instant time, List<Door> doors, Optional<String> detail, OptionalLong dropped, OptionalDouble temperature,
            Optional<Door> spare) {}

    record Money(long cents) {}

    record Till(String name, Money total) {}

    static String json(RecordJson writer, Object value) {
        return new String(writer.write(value), StandardCharsets.UTF_8);
    }

    @Test
    void components_are_written_in_the_order_the_record_declares_them_not_sorted_by_name() {
        assertEquals("{\"zone\":\"door-1\",\"blocked\":true,\"crossings\":3}", json(RecordJson.with(), new Door("door-1", true, 3)));
    }

    @Test
    void an_empty_optional_is_left_out_and_a_present_one_is_written_as_its_value() {
        Report r = new Report("x/1", Instant.parse("2026-11-22T10:07:31.250Z"), List.of(new Door("a", false, 0)), Optional.empty(),
                OptionalLong.of(0), OptionalDouble.empty(), Optional.of(new Door("b", false, 1)));
        assertEquals("{\"schema\":\"x/1\",\"time\":\"2026-11-22T10:07:31.250Z\",\"doors\":[{\"zone\":\"a\",\"blocked\":false,\"crossings\":0}],"
                + "\"dropped\":0,\"spare\":{\"zone\":\"b\",\"blocked\":false,\"crossings\":1}}", json(RecordJson.with(), r));
    }

    @Test
    void an_adapter_writes_its_type_as_it_says_wherever_the_type_occurs() {
        RecordJson writer = RecordJson.with(new RecordJson.Adapter<>(Money.class, m -> Map.of("eur", m.cents() / 100.0)));
        assertEquals("{\"name\":\"till-1\",\"total\":{\"eur\":12.5}}", json(writer, new Till("till-1", new Money(1250))));
    }
}

package io.footfall.agent.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RecordJsonTest {
    record Door(String zone, boolean blocked, long crossings) {}

    record Report(String schema, Instant time, List<Door> doors, Optional<String> detail, OptionalLong dropped, OptionalDouble temperature,
            Optional<Door> spare) {}

    record Money(long cents) {}

    record Till(String name, Money total) {}

    /** Every annotation RecordJson honours, on one record. */
    @JsonPropertyOrder({"name", "open", "minutes"})
    record Gate(int minutes, String name, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean open, @JsonIgnore long secret,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) int alarms, @JsonProperty("badge") String badgeId, OptionalInt spare) {
        @JsonProperty("secretShown")
        OptionalLong secretWhenOpen() {
            return open ? OptionalLong.of(secret) : OptionalLong.empty();
        }
    }

    record Careless(@JsonInclude(JsonInclude.Include.NON_EMPTY) String name) {}

    /** How databind writes with the counts' settings: absent Optionals left out. */
    private static final JsonMapper DATABIND = JsonMapper.builder().addModule(new Jdk8Module())
            .serializationInclusion(JsonInclude.Include.NON_ABSENT).build();

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

    @Test
    void jacksons_order_ignore_include_and_property_annotations_are_honoured_as_databind_honours_them() throws Exception {
        for (Gate g : List.of(new Gate(5, "north", true, 42, 3, "b-7", OptionalInt.of(2)),
                new Gate(0, "south", false, 42, 0, "b-8", OptionalInt.empty()))) {
            assertEquals(DATABIND.writeValueAsString(g), json(RecordJson.with(), g));
        }
        assertEquals("{\"name\":\"north\",\"open\":true,\"minutes\":5,\"alarms\":3,\"badge\":\"b-7\",\"spare\":2,\"secretShown\":42}",
                json(RecordJson.with(), new Gate(5, "north", true, 42, 3, "b-7", OptionalInt.of(2))));
    }

    @Test
    void an_inclusion_rule_it_does_not_implement_is_refused_naming_the_component() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordJson.with().write(new Careless("x")));
        assertTrue(e.getMessage().contains("Careless.name") && e.getMessage().contains("NON_EMPTY"), e.getMessage());
    }
}

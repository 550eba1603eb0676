package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeamCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** {@code footfall beam ARGS}, through footfall's own exit-code mapping. */
    private int run(String... args) {
        String[] full = Stream.concat(Stream.of("beam"), Stream.of(args)).toArray(String[]::new);
        return Footfall.commandLineFor(full).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(full);
    }

    private Path trace(String... lines) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.write(f, List.of(lines));
        return f;
    }

    /** One person in through door-1, one out through door-2. */
    private Path twoCrossings() throws Exception {
        return trace("t_ns,passage,beam,state",
                "0,door-1,A,0", "0,door-1,B,0", "0,door-2,A,0", "0,door-2,B,0",
                "1000000000,door-1,A,1", "1080000000,door-1,B,1", "1220000000,door-1,A,0", "1300000000,door-1,B,0",
                "5000000000,door-2,B,1", "5080000000,door-2,A,1", "5220000000,door-2,B,0", "5300000000,door-2,A,0");
    }

    @Test
    void replay_prints_the_totals_and_each_passage() throws Exception {
        assertEquals(0, run("replay", twoCrossings().toString()), err.toString());
        assertEquals(String.join(System.lineSeparator(), "beam.in  1", "beam.out 1", "door-1 in 1 out 0", "door-2 in 0 out 1", ""),
                out.toString());
    }

    @Test
    void replay_json_uses_the_field_names_of_the_counts_message() throws Exception {
        assertEquals(0, run("replay", twoCrossings().toString(), "--json"), err.toString());
        Map<String, Object> beam = (Map<String, Object>) JSON.std.mapFrom(out.toString()).get("beam");
        assertEquals(1, beam.get("in"));
        assertEquals(1, beam.get("out"));
        // blocked is left out while false, as in the counts message (docs/MQTT.md, "Compact encoding")
        assertEquals(List.of(Map.of("name", "door-1", "in", 1, "out", 0),
                Map.of("name", "door-2", "in", 0, "out", 1)), beam.get("passages"));
    }

    @Test
    void a_trace_line_out_of_order_is_named_with_its_line_number() throws Exception {
        Path f = trace("t_ns,passage,beam,state", "0,door-1,A,0", "500,door-1,B,1", "400,door-1,B,0");
        assertEquals(1, run("replay", f.toString()));
        assertTrue(err.toString().contains("line 4") && err.toString().contains("out of order"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void an_unknown_beam_or_garbage_is_named_with_its_line_number() throws Exception {
        assertEquals(1, run("replay", trace("0,door-1,A,0", "10,door-1,C,1").toString()));
        assertTrue(err.toString().contains("line 2") && err.toString().contains("'C' is not A or B"), err.toString());
        assertEquals(1, run("replay", trace("0,door-1,A,0", "", "# comment", "garbage").toString()));
        assertTrue(err.toString().contains("line 4"), err.toString());
        assertEquals(1, run("replay", trace("x,door-1,A,0").toString()));
        assertTrue(err.toString().contains("line 1") && err.toString().contains("'x'"), err.toString());
    }

    @Test
    void a_bad_decoder_option_is_refused_naming_it_with_exit_78() throws Exception {
        assertEquals(Footfall.EXIT_CONFIG, run("replay", twoCrossings().toString(), "--beam-max-gap", "forever"));
        assertTrue(err.toString().contains("beam-max-gap"), err.toString());
    }

    @Test
    void record_writes_each_beam_state_first_then_its_edges() throws Exception {
        Path f = dir.resolve("rec.csv");
        assertEquals(0, run("record", f.toString(), "--hal", "sim", "--passage", "door-1=17,27", "--duration", "300ms"), err.toString());
        List<String> lines = Files.readAllLines(f);
        assertEquals("t_ns,passage,beam,state", lines.get(0));
        assertTrue(lines.get(1).matches("\\d+,door-1,A,0"), lines.toString());
        assertTrue(lines.get(2).matches("\\d+,door-1,B,0"), lines.toString());
    }

    @Test
    void record_on_a_machine_without_gpio_says_so_and_exits_1() {
        assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has GPIO");
        assertEquals(1, run("record", dir.resolve("rec.csv").toString(), "--passage", "door-1=17,27"));
        assertTrue(err.toString().contains("no GPIO on this machine"), err.toString());
    }

    @Test
    void record_with_a_malformed_passage_is_refused_naming_it_with_exit_78() {
        assertEquals(Footfall.EXIT_CONFIG, run("record", dir.resolve("rec.csv").toString(), "--hal", "sim", "--passage", "bad"));
        assertTrue(err.toString().contains("footfall beam record: ") && err.toString().contains("passage") && err.toString().contains("'bad'"),
                err.toString());
        assertTrue(Files.notExists(dir.resolve("rec.csv")), "nothing recorded");
    }

    @Test
    void record_with_an_unknown_hal_is_refused_with_exit_78() {
        assertEquals(Footfall.EXIT_CONFIG, run("record", dir.resolve("rec.csv").toString(), "--hal", "abacus", "--passage", "door-1=17,27"));
        assertTrue(err.toString().contains("abacus"), err.toString());
    }

    @Test
    void record_without_a_passage_is_a_usage_error() {
        assertEquals(2, run("record", dir.resolve("x.csv").toString()));
    }

    @Test
    void a_trace_of_thousands_of_distinct_passages_is_refused_at_the_first_one_too_many() throws Exception {
        Path f = dir.resolve("many.csv");
        StringBuilder b = new StringBuilder("t_ns,passage,beam,state\n");
        for (int i = 0; b.length() < 3_500_000; i++) {
            b.append(i).append(",p-").append(i).append(",A,0\n");
        }
        Files.writeString(f, b);
        assertEquals(1, run("replay", f.toString()));
        assertTrue(err.toString().contains("line 66") && err.toString().contains("at most 64 distinct passages"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void a_five_megabyte_passage_name_is_refused_naming_the_line_without_echoing_it() throws Exception {
        Path f = dir.resolve("long.csv");
        Files.writeString(f, "0,door-1,A,0\n10," + "x".repeat(5_000_000) + ",A,1\n");
        assertEquals(1, run("replay", f.toString()));
        assertTrue(err.toString().contains("line 2") && err.toString().contains("longer than 256 characters"), err.toString());
        assertTrue(err.toString().length() < 400, "the error is short: " + err.toString().length() + " characters");
        Path name = dir.resolve("name.csv");
        Files.writeString(name, "0," + "d".repeat(200) + ",A,0\n");
        assertEquals(1, run("replay", name.toString()));
        assertTrue(err.toString().contains("line 1") && err.toString().contains("has 200 characters; at most 32"), err.toString());
    }
}

package io.footfall.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.cli.BeamCommand;
import io.footfall.agent.cli.Footfall;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimBeamCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    /** {@code footfall sim beam ARGS}, through footfall's own exit-code mapping. */
    private int sim(String... args) {
        String[] full = java.util.stream.Stream.concat(java.util.stream.Stream.of("sim", "beam"), java.util.stream.Stream.of(args))
                .toArray(String[]::new);
        return Footfall.commandLine().setErr(new PrintWriter(err)).execute(full);
    }

    @Test
    void a_simulated_single_file_trace_replays_to_its_ground_truth_within_two_percent() throws Exception {
        Path trace = dir.resolve("t.csv");
        Path truth = dir.resolve("truth.csv");
        assertEquals(0, sim("--hours", "1", "--rate", "1200", "--width", "0.6", "--groups", "0", "--noise", "1", "--seed", "7",
                "--out", trace.toString(), "--truth", truth.toString()), err.toString());
        List<String> t = Files.readAllLines(truth);
        assertEquals("t_ns,passage,direction", t.get(0));
        long in = t.stream().filter(l -> l.endsWith(",in")).count();
        long out = t.stream().filter(l -> l.endsWith(",out")).count();
        assertTrue(in > 400 && out > 400, in + " in, " + out + " out");

        StringWriter json = new StringWriter();
        assertEquals(0, new CommandLine(new BeamCommand()).setOut(new PrintWriter(json)).execute("replay", trace.toString(), "--json"));
        Map<String, Object> beam = (Map<String, Object>) JSON.std.mapFrom(json.toString()).get("beam");
        int countedIn = (Integer) beam.get("in");
        int countedOut = (Integer) beam.get("out");
        assertTrue(Math.abs(countedIn - in) <= 0.02 * in, countedIn + " counted in, " + in + " true");
        assertTrue(Math.abs(countedOut - out) <= 0.02 * out, countedOut + " counted out, " + out + " true");
    }

    @Test
    void the_same_seed_gives_the_same_trace() throws Exception {
        for (String name : List.of("a", "b")) {
            assertEquals(0, sim("--hours", "0.1", "--peak", "3000", "--seed", "3", "--passage", "north", "--passage", "south",
                    "--out", dir.resolve(name + ".csv").toString(), "--truth", dir.resolve(name + "-truth.csv").toString()));
        }
        assertEquals(Files.readAllLines(dir.resolve("a.csv")), Files.readAllLines(dir.resolve("b.csv")));
        assertTrue(Files.readAllLines(dir.resolve("a.csv")).stream().anyMatch(l -> l.contains(",south,")));
    }

    @Test
    void rate_and_peak_together_are_a_usage_error() {
        assertEquals(2, sim("--rate", "10", "--peak", "10", "--out", "x", "--truth", "y"));
    }

    @Test
    void a_bad_noise_level_is_refused_naming_it_with_exit_78() {
        assertEquals(Footfall.EXIT_CONFIG, sim("--noise", "loud", "--out", dir.resolve("x").toString(), "--truth", dir.resolve("y").toString()));
        assertTrue(err.toString().contains("sim-noise"), err.toString());
    }
}

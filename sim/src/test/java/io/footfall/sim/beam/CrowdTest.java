package io.footfall.sim.beam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.ConfigException;
import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.spi.HalSettings;
import io.footfall.sim.GroundTruth.TrueCrossing;
import io.footfall.sim.SimHalProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrowdTest {
    private static final long S = 1_000_000_000L;
    private final BeamPhysics physics = new BeamPhysics(0.10);

    @Test
    void a_walker_going_in_breaks_a_then_b_each_for_depth_over_speed() {
        Walker w = new Walker(S, true, 1.0, 0.3);
        assertArrayEquals(new long[] {S, S + 300_000_000L}, physics.occlusions(w, Beam.A).get(0));
        assertArrayEquals(new long[] {S + 100_000_000L, S + 400_000_000L}, physics.occlusions(w, Beam.B).get(0));
        assertEquals(S + 400_000_000L, physics.endNanos(w));
    }

    @Test
    void a_walker_going_out_breaks_b_first() {
        Walker w = new Walker(0, false, 1.0, 0.3);
        assertEquals(0, physics.occlusions(w, Beam.B).get(0)[0]);
        assertEquals(100_000_000L, physics.occlusions(w, Beam.A).get(0)[0]);
    }

    @Test
    void someone_turning_back_before_the_inner_beam_never_breaks_it() {
        Walker w = new Walker(0, true, 1.0, 0.3, 0.08, S / 2);
        assertEquals(List.of(), physics.occlusions(w, Beam.B));
        List<long[]> a = physics.occlusions(w, Beam.A);
        assertEquals(1, a.size());
        assertArrayEquals(new long[] {0, 80_000_000L + S / 2 + 80_000_000L}, a.get(0));
    }

    @Test
    void someone_stepping_fully_past_the_outer_beam_and_back_breaks_it_twice() {
        Walker w = new Walker(0, true, 1.0, 0.2, 0.25, 0);
        assertEquals(2, physics.occlusions(w, Beam.A).size());
        assertEquals(1, physics.occlusions(w, Beam.B).size());
    }

    @Test
    void people_who_turn_back_are_not_in_the_ground_truth() {
        List<BeamEdge> edges = new ArrayList<>();
        List<TrueCrossing> truth = new ArrayList<>();
        CrowdSettings everyoneTurns = new CrowdSettings(0.10, 0.6, 0, 0, 1, 0.5, 0.2);
        Crowd.generate(List.of("door-1"), everyoneTurns, t -> 600, 1, 0, 600 * S, edges::add, truth::add);
        assertTrue(edges.size() > 100, edges.size() + " edges");
        assertEquals(List.of(), truth);
    }

    @Test
    void noisy_edges_alternate_per_beam_and_never_go_back_in_time() {
        List<BeamEdge> edges = new ArrayList<>();
        List<TrueCrossing> truth = new ArrayList<>();
        Crowd.generate(List.of("door-1", "door-2"), CrowdSettings.DEFAULTS.withNoise(2), t -> 6000, 5, 0, 900 * S, edges::add, truth::add);
        Map<String, Boolean> state = new HashMap<>();
        long last = Long.MIN_VALUE;
        for (BeamEdge e : edges) {
            assertTrue(e.tNanos() >= last, "time went back at " + e);
            last = e.tNanos();
            Boolean before = state.put(e.passage() + e.beam(), e.broken());
            if (before != null) {
                assertTrue(before != e.broken(), "repeated state at " + e);
            }
        }
        long clean = truth.size() * 4L;
        assertTrue(edges.size() > clean * 1.2, "noise adds edges: " + edges.size() + " edges for " + truth.size() + " crossings");
        assertEquals(truth.stream().sorted((x, y) -> Long.compare(x.tNanos(), y.tNanos())).toList(), truth);
    }

    @Test
    void generating_in_chunks_as_the_live_sensor_does_gives_the_same_edges_as_all_at_once() {
        CrowdSettings crowd = new CrowdSettings(0.10, 1.2, 0, 0.15, 0.02, 0.5, 0.2);
        List<BeamEdge> whole = new ArrayList<>();
        Crowd once = new Crowd("door-1", crowd, t -> 3000, 0, 42);
        once.advance(1800 * S, whole::add, t -> {});
        once.finish(1800 * S, whole::add);

        List<BeamEdge> chunked = new ArrayList<>();
        Crowd live = new Crowd("door-1", crowd, t -> 3000, 0, 42);
        for (long to = 10 * S; to <= 1800 * S; to += 10 * S) {
            int before = chunked.size();
            live.advance(to, chunked::add, t -> {});
            for (int k = before; k < chunked.size(); k++) {
                assertTrue(chunked.get(k).tNanos() < to, "an edge released before its time could still change");
                assertTrue(k == 0 || chunked.get(k).tNanos() >= chunked.get(k - 1).tNanos(), "edges out of order");
            }
        }
        live.finish(1800 * S, chunked::add);
        assertEquals(whole, chunked);
    }

    @Test
    void the_simulated_hal_refuses_a_bad_noise_level_naming_the_key() {
        HalSettings s = new HalSettings(List.of(), new HalSettings.WifiSettings(false, "x", List.of(1), Duration.ofSeconds(1), "", Duration.ofMinutes(1)),
                Path.of("/tmp"), 0, Map.of("sim-noise", "loud"));
        assertEquals("sim-noise", assertThrows(ConfigException.class, () -> new SimHalProvider().open(s)).key());
    }
}

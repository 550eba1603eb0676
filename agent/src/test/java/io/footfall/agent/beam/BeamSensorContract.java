package io.footfall.agent.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.beam.PassageSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link BeamSensor} promises the agent, run against each implementation. */
abstract class BeamSensorContract {
    static final List<PassageSpec> PASSAGES = List.of(PassageSpec.parse("door-1=17,27"), PassageSpec.parse("door-2=5,6"));

    private BeamSensor sensor;
    private final BlockingQueue<BeamEdge> edges = new LinkedBlockingQueue<>();

    /** A sensor for {@link #PASSAGES}, not started. */
    abstract BeamSensor open();

    /** Makes at least {@code n} edges happen on the sensor's passages, soon. */
    abstract void stimulate(int n);

    /** Releases what {@link #open} took beyond the sensor. */
    void release() {}

    @AfterEach
    void closeSensor() {
        if (sensor != null) {
            sensor.close();
        }
        release();
    }

    private BeamEdge next() throws InterruptedException {
        BeamEdge e = edges.poll(5, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no edge within 5 s");
        }
        return e;
    }

    @Test
    void passages_are_reported_in_configuration_order() {
        sensor = open();
        assertEquals(PASSAGES, sensor.passages());
    }

    @Test
    void start_delivers_the_state_of_every_beam_first_then_edges_that_alternate() throws Exception {
        sensor = open();
        sensor.start(edges::add);
        Set<String> first = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            BeamEdge e = next();
            first.add(e.passage() + "/" + e.beam());
        }
        assertEquals(Set.of("door-1/A", "door-1/B", "door-2/A", "door-2/B"), first);
        stimulate(20);
        Map<String, Boolean> state = new HashMap<>();
        long last = Long.MIN_VALUE;
        for (int i = 0; i < 20; i++) {
            BeamEdge e = next();
            assertTrue(e.tNanos() >= last, "stamps go back in time at " + e);
            last = e.tNanos();
            Boolean before = state.put(e.passage() + "/" + e.beam(), e.broken());
            if (before != null) {
                assertNotEquals(before, e.broken(), "a beam repeated its state at " + e);
            }
        }
    }

    @Test
    void starting_twice_is_refused() {
        sensor = open();
        sensor.start(edges::add);
        assertThrows(IllegalStateException.class, () -> sensor.start(edges::add));
    }

    @Test
    void close_is_idempotent_and_stops_delivery() throws Exception {
        sensor = open();
        sensor.start(edges::add);
        for (int i = 0; i < 4; i++) {
            next();
        }
        sensor.close();
        sensor.close();
        edges.clear();
        List<BeamEdge> after = new ArrayList<>();
        stimulateQuietly();
        edges.drainTo(after);
        assertNull(edges.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(List.of(), after);
    }

    /** Stimulates a closed sensor, which may refuse. */
    void stimulateQuietly() {
        try {
            stimulate(4);
        } catch (RuntimeException e) {
            // a closed sensor may refuse to be driven; that is fine too
        }
    }
}

package io.footfall.agent.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.OutboxMessage;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.agent.testing.ScriptedBeams;
import io.footfall.agent.testing.ScriptedCapture;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.wifi.CaptureState.Status;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.ProbeRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How much of each window the agent says it watched, with time in the test's hands: a clock that
 * moves only when told, and sensors whose edges and capture states the test reports at chosen
 * moments. The real pipeline, decoder and outbox do the rest, so the figures are exact.
 */
class NodeAgentCoverageTest {
    /** A window boundary: 2026-11-22T10:05:00Z. */
    private static final long W0 = 1_795_341_900_000L;
    private static final long FIVE_MIN = 300_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final ScriptedBeams beams = new ScriptedBeams(clock);
    private final ScriptedCapture capture = new ScriptedCapture(List.of(11, 1, 6));
    private SqliteOutbox outbox;
    private NodeAgent agent;
    private Thread runner;
    private PrivacySettings privacy = PrivacySettings.DEFAULTS;

    @BeforeEach
    void openOutbox() {
        outbox = StandardOutbox.open(dir.resolve("outbox.db"), "n1");
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.stop();
            runner.join(5000);
        }
        outbox.close();
    }

    private void start(long wallMillis, boolean wifi) throws Exception {
        clock.set(wallMillis);
        Hal hal = new Hal() {
            @Override
            public NodeClock clock() {
                return clock;
            }

            @Override
            public BeamSensor beams() {
                return beams;
            }

            @Override
            public Optional<ProbeCapture> wifi() {
                return wifi ? Optional.of(capture) : Optional.empty();
            }

            @Override
            public void close() {}
        };
        agent = new NodeAgent(hal, new Topics("s1", "n1"), Duration.ofMinutes(5), DecoderSettings.DEFAULTS, privacy,
                outbox, () -> {});
        runner = new Thread(agent::run, "test-pipeline");
        runner.start();
        awaitLoops();
    }

    /** Moves the clock to {@code wallMillis} in steps of {@code stepMillis}, letting the pipeline see each. */
    private void advanceTo(long wallMillis, long stepMillis) throws Exception {
        while (clock.wallMillis() < wallMillis) {
            clock.set(Math.min(wallMillis, clock.wallMillis() + stepMillis));
            awaitLoops();
        }
    }

    /** Waits until the pipeline has run a whole loop that began after this call. */
    private void awaitLoops() throws Exception {
        for (int i = 0; i < 2; i++) {
            long before = System.nanoTime();
            long deadline = before + Duration.ofSeconds(10).toNanos();
            while (agent.lastLoopNanos() - before <= 0) {
                assertTrue(System.nanoTime() < deadline, "the pipeline loops");
                Thread.sleep(5);
            }
        }
    }

    /** The stored window that starts at {@code startMillis}, as JSON. */
    private Map<String, Object> window(long startMillis) throws Exception {
        for (OutboxMessage m : outbox.oldest(100)) {
            if (m.windowStartMillis() == startMillis) {
                return JSON.std.mapFrom(m.payload());
            }
        }
        throw new AssertionError("no window starting at " + startMillis + " in " + outbox.oldest(100));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Map<String, Object> m, String k) {
        return (Map<String, Object>) m.get(k);
    }

    private static long num(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).longValue();
    }

    @Test
    void a_window_watched_throughout_says_it_counted_for_its_whole_length() throws Exception {
        start(W0 - 1_000, false);
        advanceTo(W0 + FIVE_MIN + 3_000, 50_000);

        Coverage coverage = CountsJson.read(CountsJson.write(window(W0)), Kinds.STANDARD.sections()).coverage().orElseThrow();
        assertEquals(300, coverage.of());
        assertEquals(300, coverage.counting());
    }

    @Test
    void the_window_the_agent_starts_in_counts_only_from_start_up() throws Exception {
        // as after a SIGKILL and a restart half-way through the window
        start(W0 + 150_000, false);
        advanceTo(W0 + FIVE_MIN + 3_000, 50_000);

        Coverage coverage = CountsJson.read(CountsJson.write(window(W0)), Kinds.STANDARD.sections()).coverage().orElseThrow();
        assertEquals(300, coverage.of());
        assertEquals(150, coverage.counting());
    }

    @Test
    void the_window_so_far_says_how_much_of_the_time_elapsed_in_it_was_watched() throws Exception {
        start(W0 + 150_000, true);
        capture.report(Status.RUNNING);
        advanceTo(W0 + 200_000, 50_000);

        NodeAgent.WindowSoFar w = agent.windowSoFar().orElseThrow();
        assertEquals(W0, w.startMillis());
        assertEquals(50, w.coverage().counting());
        assertEquals(200, w.coverage().of(), "of the 200 s elapsed, not of the window's 300");
        assertEquals(50, w.coverage().wifi().orElseThrow().capturing());
    }

    @Test
    void a_clock_step_forward_leaves_the_skipped_time_uncounted() throws Exception {
        start(W0 - 1_000, false);
        advanceTo(W0 + 100_000, 50_000);
        clock.stepWall(120_000); // NTP steps the wall clock two minutes ahead
        awaitLoops();
        advanceTo(W0 + FIVE_MIN + 3_000, 50_000);

        Map<String, Object> w = window(W0);
        assertEquals(300 - 120, num(obj(w, "coverage"), "counting"));
        assertFalse((Boolean) obj(w, "window").get("clockSynced"));
    }

    @Test
    void a_capture_dead_for_a_minute_of_a_five_minute_window_captured_for_four() throws Exception {
        start(W0 - 5_000, true);
        capture.report(Status.STARTING);
        capture.report(Status.RUNNING);
        advanceTo(W0 + 100_000, 50_000);
        capture.report(Status.RESTARTING); // the capture command died
        advanceTo(W0 + 159_000, 50_000);
        capture.report(Status.STARTING);
        advanceTo(W0 + 160_000, 50_000);
        capture.report(Status.RUNNING);
        advanceTo(W0 + FIVE_MIN + 3_000, 50_000);

        Map<String, Object> w = window(W0);
        Coverage.Wifi wifi = CountsJson.read(CountsJson.write(w), Kinds.STANDARD.sections()).coverage().orElseThrow().wifi().orElseThrow();
        assertEquals(240, wifi.capturing());
        assertEquals(List.of(1, 6, 11), wifi.channels());
        assertEquals(300, num(obj(w, "coverage"), "counting"), "the agent itself counted all along");
    }

    @Test
    void each_probe_of_a_batch_across_a_boundary_goes_to_the_window_of_its_own_time() throws Exception {
        privacy = new PrivacySettings(OptionalInt.empty(), 1, OptionalDouble.empty());
        start(W0 - 5_000, true);
        capture.report(Status.STARTING);
        capture.report(Status.RUNNING);
        // one read of the capture: two phones before the boundary, three after, in no particular order
        capture.probes(List.of(probe(W0 - 3_000, 1), probe(W0 + 1_000, 2), probe(W0 - 2_000, 3), probe(W0 + 2_000, 4),
                probe(W0 + 2_500, 5)));
        advanceTo(W0 + FIVE_MIN + 3_000, 50_000);

        assertEquals(2, num(obj(window(W0 - FIVE_MIN), "wifi"), "devices"));
        assertEquals(3, num(obj(window(W0), "wifi"), "devices"));
    }

    /** A probe from phone {@code n} (a universal address of its own) heard at {@code wallMillis}. */
    private ProbeRequest probe(long wallMillis, int n) {
        long mono = clock.monoNanos() + (wallMillis - clock.wallMillis()) * 1_000_000L;
        return new ProbeRequest(mono, 0x0000_1C_00_00_00L + n, -50, 100 * n, 0xF0 + n, false);
    }

    @Test
    void a_window_in_which_the_capture_never_ran_captured_nothing_on_no_channel() throws Exception {
        start(W0 - 1_000, true);
        capture.report(Status.STARTING);
        capture.report(Status.INTERFACE_MISSING);
        advanceTo(W0 + FIVE_MIN + 3_000, 50_000);

        Coverage.Wifi wifi = CountsJson.read(CountsJson.write(window(W0)), Kinds.STANDARD.sections()).coverage().orElseThrow().wifi().orElseThrow();
        assertEquals(0, wifi.capturing());
        assertEquals(List.of(), wifi.channels());
    }

    @Test
    void a_beam_blocked_for_ninety_seconds_is_blocked_for_ninety_seconds() throws Exception {
        start(W0 - 1_000, false);
        beams.edge(Beam.A, false);
        beams.edge(Beam.B, false);
        advanceTo(W0 + 60_000, 50_000);
        beams.edge(Beam.A, true); // a parked bike
        advanceTo(W0 + 150_000, 50_000);
        beams.edge(Beam.A, false);
        advanceTo(W0 + FIVE_MIN + 3_000, 50_000);

        @SuppressWarnings("unchecked")
        Map<String, Object> door = ((List<Map<String, Object>>) obj(window(W0), "beam").get("passages")).get(0);
        assertEquals(true, door.get("blocked"));
        assertEquals(90, num(door, "blockedSeconds"));
    }

    @Test
    void a_blockage_across_a_boundary_is_shared_between_the_two_windows() throws Exception {
        start(W0 - 1_000, false);
        beams.edge(Beam.A, false);
        beams.edge(Beam.B, false);
        advanceTo(W0 + 280_000, 50_000);
        beams.edge(Beam.B, true);
        advanceTo(W0 + 330_000, 50_000);
        beams.edge(Beam.B, false);
        advanceTo(W0 + 2 * FIVE_MIN + 3_000, 50_000);

        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) obj(window(W0), "beam").get("passages")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> second = ((List<Map<String, Object>>) obj(window(W0 + FIVE_MIN), "beam").get("passages")).get(0);
        assertEquals(20, num(first, "blockedSeconds"));
        assertEquals(30, num(second, "blockedSeconds"));
    }

    @Test
    void an_unblocked_passage_says_nothing_about_blocking() throws Exception {
        start(W0 - 1_000, false);
        advanceTo(W0 + FIVE_MIN + 3_000, 50_000);

        @SuppressWarnings("unchecked")
        Map<String, Object> door = ((List<Map<String, Object>>) obj(window(W0), "beam").get("passages")).get(0);
        assertFalse(door.containsKey("blocked"), "absent means false: " + door);
        assertFalse(door.containsKey("blockedSeconds"), "absent means 0: " + door);
    }

    /** Wall and monotonic time that move only when the test says; the wall clock can also step. */
    private static final class ManualClock implements NodeClock {
        private volatile long monoNanos;
        private volatile long wallAtMonoZero;
        private volatile boolean stepped;

        void set(long wallMillis) {
            if (monoNanos == 0 && wallAtMonoZero == 0) {
                wallAtMonoZero = wallMillis;
            }
            monoNanos = (wallMillis - wallAtMonoZero) * 1_000_000L;
        }

        void stepWall(long millis) {
            wallAtMonoZero += millis;
            stepped = true;
        }

        @Override
        public long wallMillis() {
            return wallAtMonoZero + monoNanos / 1_000_000L;
        }

        @Override
        public long monoNanos() {
            return monoNanos;
        }

        @Override
        public boolean synced() {
            return !stepped;
        }

        @Override
        public long realNanosUntil(long wallMillis) {
            return (wallMillis - wallMillis()) * 1_000_000L;
        }
    }
}

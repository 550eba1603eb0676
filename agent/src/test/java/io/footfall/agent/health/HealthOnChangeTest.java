package io.footfall.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.config.Settings;
import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.node.HealthReadings;
import io.footfall.agent.node.NodeAgent;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.ScriptedBeams;
import io.footfall.agent.testing.ScriptedCapture;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.Subscriber;
import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.wifi.CaptureState.Status;
import io.footfall.hal.wifi.ProbeCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With health every 6 hours by default, every change of state must still reach the broker at the
 * node's next 10-second check: a capture dying, a passage blocked, clock synchronisation lost. The
 * real pipeline, outbox, health report and forwarder run against a real Mosquitto; the clock, the
 * beams and the capture are in the test's hands, and the test plays the node's 10-second timer.
 * (Storage faults: {@code ReadOnlyOutboxIT}, which runs the packaged agent with the default interval.)
 */
class HealthOnChangeTest {
    private static final Topics TOPICS = new Topics("s1", "n1");
    private static final long TEN_S = 10_000_000_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final ScriptedBeams beams = new ScriptedBeams(clock);
    private final ScriptedCapture capture = new ScriptedCapture(List.of(1, 6, 11));

    @Test
    void health_goes_out_every_six_hours_by_default_and_at_the_next_check_after_any_change_of_state() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        Duration every = AgentConfig.from(Settings.of(Map.of("site", "s1", "node", "n1"))).healthInterval();
        assertEquals(Duration.ofHours(6), every, "the default health-interval");
        clock.set(1_795_341_900_000L);
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/n1/health");
                SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "n1");
                Forwarder forwarder = new Forwarder(MqttSettings.of(broker.uri(), "ff.s1.n1"), TOPICS, outbox)) {
            forwarder.start();
            await("connected", forwarder::connected);
            NodeAgent agent = new NodeAgent(hal(), TOPICS, Duration.ofMinutes(5), DecoderSettings.DEFAULTS, PrivacySettings.DEFAULTS,
                    outbox, () -> {});
            Thread runner = new Thread(agent::run, "test-pipeline");
            runner.start();
            try {
                awaitLoops(agent); // the sensors are started
                capture.report(Status.RUNNING);
                awaitLoops(agent);
                HealthReport report = new HealthReport(TOPICS, new HealthReadings(agent), outbox, clock, () -> MqttHealth.of(forwarder.status()), dir);
                HealthCadence cadence = new HealthCadence(every);
                Node node = new Node(report, cadence, forwarder);

                assertTrue(node.check(0), "the first check publishes");
                arrives(platform, 1, h -> "running".equals(obj(h, "wifi").get("state")));
                assertFalse(node.check(TEN_S), "nothing changed: nothing sent");

                capture.report(Status.RESTARTING); // the capture command died
                awaitLoops(agent);
                assertTrue(node.check(2 * TEN_S), "a capture dying is published at the next check");
                arrives(platform, 2, h -> "restarting".equals(obj(h, "wifi").get("state")));

                beams.edge(Beam.A, true); // a parked bike, for longer than beam-blocked-after
                clock.advance(DecoderSettings.DEFAULTS.blockedAfter().plusSeconds(5));
                awaitLoops(agent);
                assertTrue(node.check(3 * TEN_S), "a passage blocked is published at the next check");
                arrives(platform, 3, h -> Boolean.TRUE.equals(passage(h).get("blocked")));

                clock.synced = false; // NTP lost
                assertTrue(node.check(4 * TEN_S), "clock synchronisation lost is published at the next check");
                arrives(platform, 4, h -> Boolean.FALSE.equals(h.get("clockSynced")));

                long last = 4 * TEN_S;
                assertFalse(node.check(last + every.toNanos() - 1), "nothing changed for just under 6 h: nothing sent");
                assertTrue(node.check(last + every.toNanos()), "6 h after the last one");
                arrives(platform, 5, h -> true);
                assertEquals(5, platform.received().size(), "one message per change and one periodic: " + platform.received());
            } finally {
                agent.stop();
                runner.join(5000);
            }
        }
    }

    /** The node's health timer: one {@link HealthCadence#check} every 10 s (Node.run). */
    private record Node(HealthReport report, HealthCadence cadence, Forwarder forwarder) {
        boolean check(long nowNanos) {
            return cadence.check(report, forwarder::publishHealth, nowNanos);
        }
    }

    private static void arrives(Subscriber platform, int nth, Predicate<Map<String, Object>> what) throws Exception {
        List<Subscriber.Received> got = platform.await(r -> true, nth, 10, TimeUnit.SECONDS);
        assertEquals(nth, got.size(), "health message " + nth + " arrives: " + got);
        Map<String, Object> h = JSON.std.mapFrom(got.get(nth - 1).payload());
        assertTrue(what.test(h), "health message " + nth + ": " + h);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Map<String, Object> m, String k) {
        return (Map<String, Object>) m.get(k);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> passage(Map<String, Object> h) {
        return ((List<Map<String, Object>>) obj(h, "beam").get("passages")).get(0);
    }

    private static void await(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(5);
        }
    }

    /** Waits until the pipeline has run a whole loop that began after this call. */
    private static void awaitLoops(NodeAgent agent) throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            long before = System.nanoTime();
            await("the pipeline loops", () -> agent.lastLoopNanos() - before > 0);
        }
    }

    private Hal hal() {
        return new Hal() {
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
                return Optional.of(capture);
            }

            @Override
            public void close() {}
        };
    }

    /** Wall and monotonic time that move only when the test says, and a synchronisation the test can take away. */
    private static final class ManualClock implements NodeClock {
        private volatile long wallMillis;
        private volatile long monoNanos;
        volatile boolean synced = true;

        void set(long wall) {
            wallMillis = wall;
        }

        void advance(Duration d) {
            wallMillis += d.toMillis();
            monoNanos += d.toNanos();
        }

        @Override
        public long wallMillis() {
            return wallMillis;
        }

        @Override
        public long monoNanos() {
            return monoNanos;
        }

        @Override
        public boolean synced() {
            return synced;
        }

        @Override
        public long realNanosUntil(long wall) {
            return (wall - wallMillis) * 1_000_000L;
        }
    }
}

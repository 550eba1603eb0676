package io.footfall.agent.bench;

import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.health.HealthReport;
import io.footfall.agent.health.MqttHealth;
import io.footfall.agent.node.HealthReadings;
import io.footfall.agent.node.NodeAgent;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.hal.beam.PassageSpec;
import io.footfall.hal.spi.HalSettings;
import java.nio.charset.StandardCharsets;
import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.TcpProxy;
import io.footfall.agent.testing.TestPki;
import io.footfall.agent.testing.Windows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Delivery benchmarks (docs/BENCHMARKS.md), run by scripts/bench-delivery:
 * <ol>
 *   <li>drain: a 7-day backlog at 5-minute windows (2,016 messages) from the outbox to a local
 *       Mosquitto, timed from {@code Forwarder.start()} until the receiver holds all of them; checks
 *       arrival order, gaps and the empty outbox;</li>
 *   <li>wire: bytes on the wire per node-day at 5-minute windows, measured through a TCP proxy
 *       counting both directions, over plain TCP and over TLS: connect (with the retained online
 *       status), 288 counts messages with their PUBACKs, health messages, keep-alive pings, and the
 *       orderly close.</li>
 * </ol>
 */
public final class DeliveryBench {
    static final Topics TOPICS = new Topics("kortrijk-centrum", "node-017");

    private DeliveryBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("footfall-bench-");
        String mode = args.length > 0 ? args[0] : "all";
        if (mode.equals("all") || mode.equals("drain")) {
            drain(dir.resolve("drain"));
        }
        if (mode.equals("sample")) {
            sample(dir);
        }
        if (mode.equals("all") || mode.equals("wire")) {
            for (int passages : new int[] {1, 2}) {
                wire(dir.resolve("wire-tcp-" + passages), false, passages);
                wire(dir.resolve("wire-tls-" + passages), true, passages);
            }
        }
    }

    static MqttSettings settings(String uri, Optional<Path> ca) {
        return new MqttSettings(uri, TOPICS.node(), Optional.empty(), Optional.empty(), ca, Optional.empty(), Optional.empty(),
                Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    static void drain(Path dir) throws Exception {
        int n = 7 * 24 * 12;
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), TOPICS.node());
                Receiver receiver = new Receiver(MqttSettings.of(broker.uri(), "platform"), "+", Duration.ofHours(1), (w, d) -> {})) {
            receiver.startAndAwaitConnected(Duration.ofSeconds(10));
            long bytes = 0;
            long a0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                bytes += Windows.appendNext(outbox, TOPICS).payload().length;
            }
            long t0 = System.nanoTime();
            System.out.printf("append: %d windows stored in %.2f s (%.2f ms each, synchronous=FULL)%n", n, (t0 - a0) / 1e9, (t0 - a0) / 1e6 / n);
            try (Forwarder f = new Forwarder(settings(broker.uri(), Optional.empty()), TOPICS, outbox)) {
                f.start();
                await(60, () -> outbox.depth() == 0);
                long drained = System.nanoTime();
                await(60, () -> receiver.received().size() >= n);
                long received = System.nanoTime();
                List<ReceivedWindow> got = receiver.received();
                boolean inOrder = true;
                for (int i = 0; i < got.size(); i++) {
                    inOrder &= got.get(i).seq() == i + 1;
                }
                System.out.printf("drain: %d messages (%.0f bytes average payload), outbox empty after %.2f s, all received after %.2f s"
                                + " (%.0f msg/s); in order: %s; gaps: %s; duplicates: %d; lost: %d%n",
                        n, (double) bytes / n, (drained - t0) / 1e9, (received - t0) / 1e9, n / ((received - t0) / 1e9), inOrder,
                        receiver.gaps(), receiver.duplicates(), n - got.size());
            }
        }
    }

    /**
     * The agent's real health snapshot ({@link HealthReport}) of a node counting on {@code passages}
     * doors and Wi-Fi (the simulator, sped up so its counters move), connected, nothing refused:
     * what a periodic health message carries on a healthy node.
     */
    static final class RealHealth implements AutoCloseable {
        private final SqliteOutbox outbox;
        private final NodeAgent agent;
        private final Thread thread;
        private final HealthReport report;

        RealHealth(Path dir, int passages) throws Exception {
            List<PassageSpec> doors = List.of(new PassageSpec("door-1", 17, 27), new PassageSpec("door-2", 22, 23)).subList(0, passages);
            io.footfall.sim.SimHal hal = new io.footfall.sim.SimHalProvider().open(new HalSettings(doors,
                    new HalSettings.WifiSettings(true, "wlan1", List.of(1, 6, 11), Duration.ofMillis(500), "", Duration.ofSeconds(120)),
                    dir, 0, Map.of("sim-speed", "60")));
            outbox = StandardOutbox.open(dir.resolve("health-outbox.db"), TOPICS.node());
            agent = new NodeAgent(hal, TOPICS, Duration.ofMinutes(5), DecoderSettings.DEFAULTS, PrivacySettings.DEFAULTS, outbox, () -> {});
            thread = new Thread(agent::run, "bench-health-agent");
            thread.start();
            Forwarder.Status healthy = new Forwarder.Status(true, 1, 1, 288, Optional.empty(), 0, Optional.empty(), 0);
            report = new HealthReport(TOPICS, new HealthReadings(agent), outbox, hal.clock(), () -> MqttHealth.of(healthy), dir);
            Thread.sleep(1_500); // the capture running, a few crossings counted
            report.json(); // the first rate is over the start-up
        }

        byte[] next() {
            return report.json();
        }

        @Override
        public void close() throws Exception {
            agent.stop();
            thread.join(5_000);
            outbox.close();
        }
    }

    /** One counts payload and one health payload, as they go on the wire, with their sizes. */
    static void sample(Path dir) throws Exception {
        for (int passages : new int[] {1, 2}) {
            byte[] counts = Windows.json(TOPICS, 1234, "node-017/c41e9a/1234", Windows.DAY0 + 5 * Windows.FIVE_MINUTES,
                    Windows.DAY0 + 6 * Windows.FIVE_MINUTES, passages);
            System.out.printf("counts, %d passage(s), %d B: %s%n", passages, counts.length, new String(counts, StandardCharsets.UTF_8));
            try (RealHealth h = new RealHealth(Files.createDirectories(dir.resolve("sample-" + passages)), passages)) {
                byte[] health = h.next();
                System.out.printf("health, %d passage(s), %d B: %s%n", passages, health.length, new String(health, StandardCharsets.UTF_8));
            }
        }
        byte[] online = io.footfall.agent.mqtt.StatusPayload.online(TOPICS);
        System.out.printf("status online, %d B: %s%n", online.length, new String(online, StandardCharsets.UTF_8));
    }

    static void wire(Path dir, boolean tls, int passages) throws Exception {
        TestPki pki = tls ? TestPki.create(dir.resolve("pki")) : null;
        int tlsPort = MosquittoBroker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), tls ? pki.listener(tlsPort, "server", false) : List.of());
                TcpProxy proxy = new TcpProxy(tls ? tlsPort : broker.port());
                SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), TOPICS.node())) {
            String uri = (tls ? "ssl" : "tcp") + "://127.0.0.1:" + proxy.port();
            MqttSettings s = settings(uri, tls ? Optional.of(pki.ca()) : Optional.empty());
            Forwarder f = new Forwarder(s, TOPICS, outbox, Forwarder.Timing.defaults());
            f.start();
            await(30, f::connected);
            Thread.sleep(300);
            long connect = proxy.upstreamBytes() + proxy.downstreamBytes();

            proxy.resetCounters();
            long payload = 0;
            for (int i = 0; i < 288; i++) {
                payload += Windows.appendNext(outbox, TOPICS, passages).payload().length;
                f.wake();
                await(30, () -> outbox.depth() == 0);
            }
            Thread.sleep(200);
            long counts = proxy.upstreamBytes() + proxy.downstreamBytes();

            long healthPayload = 0;
            try (RealHealth real = new RealHealth(Files.createDirectories(dir.resolve("health")), passages)) {
                proxy.resetCounters();
                for (int i = 0; i < 288; i++) {
                    byte[] h = real.next();
                    healthPayload += h.length;
                    f.publishHealth(h);
                    Thread.sleep(2);
                }
                Thread.sleep(500);
            }
            long health = proxy.upstreamBytes() + proxy.downstreamBytes();

            proxy.resetCounters();
            f.close();
            Thread.sleep(200);
            long close = proxy.upstreamBytes() + proxy.downstreamBytes();

            // keep-alive, time-scaled 1:60: a window every 5 s with a 5 s keep-alive stands for a window every
            // 5 min with the default 300 s keep-alive; Paho's own ping scheduling decides how many PINGREQs go out
            long keepAliveS = Forwarder.Timing.defaults().keepAlive().toSeconds();
            long ping;
            double pingsPerWindow;
            try (SqliteOutbox idle = StandardOutbox.open(dir.resolve("idle.db"), TOPICS.node());
                    Forwarder p = new Forwarder(s, TOPICS, idle, new Forwarder.Timing(Duration.ofSeconds(1), Duration.ofSeconds(10),
                            Duration.ofSeconds(10), 10, Duration.ofSeconds(30)))) {
                p.start();
                await(30, p::connected);
                Thread.sleep(500);
                proxy.resetCounters();
                Thread.sleep(6_000);
                ping = Math.round((proxy.upstreamBytes() + proxy.downstreamBytes()) / 6.0);
            }
            try (SqliteOutbox scaled = StandardOutbox.open(dir.resolve("scaled.db"), TOPICS.node());
                    Forwarder p = new Forwarder(s, TOPICS, scaled, new Forwarder.Timing(Duration.ofSeconds(keepAliveS / 60),
                            Duration.ofSeconds(10), Duration.ofSeconds(10), 10, Duration.ofSeconds(30)))) {
                p.start();
                await(30, p::connected);
                Thread.sleep(500);
                proxy.resetCounters();
                int windows = 8;
                for (int i = 0; i < windows; i++) {
                    Windows.appendNext(scaled, TOPICS, passages);
                    p.wake();
                    Thread.sleep(5_000);
                }
                long extra = proxy.upstreamBytes() + proxy.downstreamBytes() - Math.round(windows * counts / 288.0);
                pingsPerWindow = Math.max(0, extra) / (double) ping / windows;
            }
            long pingsPerDay = Math.round(pingsPerWindow * 288);
            long pingBytes = pingsPerDay * ping;
            String kind = (tls ? "TLS" : "TCP") + ", " + passages + (passages == 1 ? " passage" : " passages");
            System.out.printf("wire (%s): connect+online %d B; 288 counts %d B (%.1f B/message, payload %.1f B); 288 health %d B (%.1f B/message,"
                            + " payload %.1f B); keep-alive %d B per ping x %d/day (keep-alive %d s, %.2f pings per window measured time-scaled) = %d B; offline+disconnect %d B%n",
                    kind, connect, counts, counts / 288.0, payload / 288.0, health, health / 288.0, healthPayload / 288.0, ping, pingsPerDay,
                    keepAliveS, pingsPerWindow, pingBytes, close);
            for (int healthEveryMin : new int[] {5, 15, 60, 360}) {
                long healthDay = health * 5 / healthEveryMin;
                long total = connect + counts + healthDay + pingBytes + close;
                System.out.printf("wire (%s): node-day with health every %d min: %d B = %.1f KB%n", kind, healthEveryMin, total, total / 1024.0);
            }
        }
    }

    static void await(int seconds, BooleanSupplier c) throws InterruptedException {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("benchmark condition not met within " + seconds + " s");
            }
            Thread.sleep(2);
        }
    }
}

package io.footfall.sim.cli;

import io.footfall.agent.cli.spi.OptionMap;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.kinds.StandardMessage;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.privacy.DwellHistogram;
import io.footfall.agent.privacy.WifiCounts;
import io.footfall.hal.ConfigException;
import io.footfall.hal.Options;
import io.footfall.sim.SimClock;
import io.footfall.sim.TrafficProfile;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code footfall sim fleet}: N simulated nodes in one JVM for platform load tests. They share one
 * simulated clock; each has its own MQTT connection and publishes one {@code footfall.counts/1}
 * window per window length (beam counts drawn from the Leeds-shaped weekly traffic profile, a Wi-Fi
 * estimate beside them), a little late by its own clock jitter; now and then a node has an outage
 * and, like a real node's outbox, sends what it held when it comes back. Payloads are built by the
 * node's own serialiser ({@link CountsJson}). It is a load generator for the platform side, not the
 * node agent: no sensors, no outbox file.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Run N simulated nodes against a broker: one MQTT connection each, shared simulated time, clock jitter",
            "and outages. Prints the mapping of simulated to real time, so latencies can be computed from a store."})
final class SimFleetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "100", paramLabel = "N", description = "simulated nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--broker", required = true, paramLabel = "URI")
    String broker;

    @Option(names = "--site", defaultValue = "sim", paramLabel = "ID", description = "site id (default: ${DEFAULT-VALUE})")
    String site;

    @Option(names = "--speed", defaultValue = "60", paramLabel = "X", description = "simulated seconds per real second (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--window", defaultValue = "5m", paramLabel = "DURATION", description = "window length (default: ${DEFAULT-VALUE})")
    String window;

    @Option(names = "--days", defaultValue = "1", paramLabel = "D", description = "simulated days to run (default: ${DEFAULT-VALUE})")
    double days;

    @Option(names = "--start", defaultValue = "2026-11-23T00:00:00Z", paramLabel = "TIME", description = "simulated start (default: ${DEFAULT-VALUE})")
    String start;

    @Option(names = "--jitter", defaultValue = "20s", paramLabel = "DURATION",
            description = "a node publishes up to this long after its window closed (its clock and scheduling; default: ${DEFAULT-VALUE})")
    String jitter;

    @Option(names = "--outages-per-day", defaultValue = "0.2", paramLabel = "P",
            description = "expected outages per node and simulated day, each 5-60 simulated minutes (default: ${DEFAULT-VALUE})")
    double outagesPerDay;

    @Option(names = "--publishers", defaultValue = "8", paramLabel = "N", description = "publishing threads (default: ${DEFAULT-VALUE})")
    int publishers;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N")
    long seed;

    /** One window of one node, due for publishing at a simulated time. */
    private record Due(long publishAtSim, int node, long seq, long startSim, long endSim) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return Long.compare(publishAtSim, o.publishAtSim);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 100_000) {
            throw new ConfigException("nodes", Integer.toString(nodes), "1..100000");
        }
        if (!(speed > 0)) {
            throw new ConfigException("speed", Double.toString(speed), "a positive number");
        }
        if (!Topics.ID.matcher(site).matches()) {
            throw new ConfigException("site", site, "1-64 of a-z, 0-9, '_' and '-'");
        }
        Map<String, String> durations = new OptionMap().put("window", window).put("jitter", jitter).toMap();
        long windowMs = Options.duration(durations, "window", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1)).toMillis();
        long jitterMs = Options.duration(durations, "jitter", Duration.ofSeconds(20), Duration.ofMillis(1), Duration.ofDays(1)).toMillis();
        long startSim = Instant.parse(start).toEpochMilli();
        long endSim = startSim + (long) (days * 86_400_000L);
        PrintWriter err = spec.commandLine().getErr();
        TrafficProfile traffic = TrafficProfile.leeds(600);
        SplittableRandom random = new SplittableRandom(seed);

        // every node's windows with publish times: jitter, and outages that hold windows back
        PriorityQueue<Due> queue = new PriorityQueue<>();
        long outages = 0;
        for (int n = 0; n < nodes; n++) {
            List<long[]> down = new ArrayList<>();
            double expected = outagesPerDay * days;
            for (int k = 0; k < (int) Math.floor(expected) + (random.nextDouble() < expected - Math.floor(expected) ? 1 : 0); k++) {
                long from = startSim + (long) (random.nextDouble() * (endSim - startSim));
                down.add(new long[] {from, from + (5 + random.nextInt(56)) * 60_000L});
                outages++;
            }
            long seq = 1;
            for (long s = startSim; s + windowMs <= endSim; s += windowMs, seq++) {
                long publish = s + windowMs + (long) (random.nextDouble() * jitterMs);
                for (long[] d : down) {
                    if (publish >= d[0] && publish < d[1]) {
                        publish = d[1] + (long) (random.nextDouble() * jitterMs);
                    }
                }
                queue.add(new Due(publish, n, seq, s, s + windowMs));
            }
        }
        int total = queue.size();

        List<MqttAsyncClient> clients = new ArrayList<>(nodes);
        List<Topics> topics = new ArrayList<>(nodes);
        String stream = String.format("%06x", random.nextInt(1 << 24));
        List<IMqttToken> connecting = new ArrayList<>(nodes);
        for (int n = 0; n < nodes; n++) {
            MqttAsyncClient c = new MqttAsyncClient(MqttSettings.of(broker, "fleet").pahoUri(), "fleet-" + site + "-" + n, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setKeepAliveInterval(600);
            o.setAutomaticReconnect(true);
            connecting.add(c.connect(o));
            clients.add(c);
            topics.add(new Topics(site, String.format("node-%04d", n)));
        }
        for (IMqttToken t : connecting) {
            t.waitForCompletion(60_000);
        }
        err.println(nodes + " nodes connected to " + broker + "; " + total + " windows to publish, " + outages + " outages");
        err.flush();

        SimClock clock = new SimClock(startSim, speed);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, publishers));
        AtomicLong published = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long realStartMs = System.currentTimeMillis();
        clock.start();
        err.println("time: simulated " + Instant.ofEpochMilli(startSim) + " = real " + Instant.ofEpochMilli(realStartMs) + " (epoch ms "
                + realStartMs + "), speed " + speed);
        err.flush();
        long lastReport = System.nanoTime();
        while (!queue.isEmpty()) {
            Due d = queue.poll();
            long waitNanos = clock.realNanosUntil(d.publishAtSim());
            if (waitNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            }
            pool.execute(() -> {
                if (publish(clients.get(d.node()), topics.get(d.node()), d, stream, traffic, windowMs)) {
                    published.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            });
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                lastReport = System.nanoTime();
                err.println("simulated " + Instant.ofEpochMilli(clock.wallMillis()) + ": " + published.get() + " of " + total + " published");
                err.flush();
            }
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double realSeconds = (System.currentTimeMillis() - realStartMs) / 1000.0;
        err.println(published.get() + " windows published (" + failed.get() + " failed) in " + String.format("%.1f", realSeconds) + " s: "
                + String.format("%.0f", published.get() / realSeconds) + " windows/s, "
                + String.format("%.1f", published.get() / realSeconds / (nodes * 1000.0 / windowMs)) + "x the real rate of " + nodes + " nodes");
        err.flush();
        // Paho's disconnect sleeps in the caller while it quiesces: leave in parallel
        ExecutorService closing = Executors.newFixedThreadPool(32);
        for (MqttAsyncClient c : clients) {
            closing.execute(() -> {
                try {
                    c.disconnectForcibly(0, 1_000, true);
                    c.close(true);
                } catch (MqttException e) {
                    // closed anyway
                }
            });
        }
        closing.shutdown();
        closing.awaitTermination(2, TimeUnit.MINUTES);
        return failed.get() == 0 ? 0 : 1;
    }

    private static boolean publish(MqttAsyncClient c, Topics t, Due d, String stream, TrafficProfile traffic, long windowMs) {
        SplittableRandom r = new SplittableRandom(d.node() * 1_000_003L + d.seq());
        double mean = traffic.perHourAt(d.startSim()) * windowMs / 3_600_000.0 / 2;
        int in = poisson(r, mean);
        int out = poisson(r, mean);
        int phones = (int) Math.round((in + out) * (0.6 + r.nextDouble() * 0.4));
        int universal = phones / 4;
        WifiCounts wifi = phones < 5
                ? new WifiCounts(0, 0, 0, 0, DwellHistogram.EMPTY, true, 5, OptionalDouble.empty())
                : new WifiCounts(phones + phones / 3, universal, phones + phones / 3 - universal, phones,
                        new DwellHistogram(phones / 2, phones / 4, phones / 8, phones - phones / 2 - phones / 4 - phones / 8), false, 5,
                        OptionalDouble.empty());
        CountsMessage m = StandardMessage.window(t.site(), t.node(), t.node() + "/" + stream + "/" + d.seq(), d.seq(),
                new CountsMessage.WindowInfo(d.startSim(), d.endSim(), true),
                BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", in, out, false))), Optional.of(wifi),
                new Coverage(windowMs / 1000, windowMs / 1000, Optional.of(new Coverage.Wifi(windowMs / 1000, List.of(1, 6, 11)))));
        MqttMessage msg = new MqttMessage(CountsJson.toJson(m));
        msg.setQos(1);
        for (int tries = 0; tries < 1000; tries++) {
            try {
                c.publish(t.counts(), msg).waitForCompletion(30_000);
                return true;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT && e.getReasonCode() != MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED) {
                    return false;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private static int poisson(SplittableRandom r, double mean) {
        if (mean > 30) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

}

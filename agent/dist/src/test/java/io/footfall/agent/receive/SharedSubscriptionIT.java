package io.footfall.agent.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.store.CountsStore;
import io.footfall.agent.store.StoreUrl;
import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.PostgresServer;
import io.footfall.agent.testing.Windows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code footfall receive --share} processes in one group against a real Mosquitto, writing one
 * real PostgreSQL; one is killed (SIGKILL) mid-run and started again, as systemd would. Every window
 * ends up in the store exactly once.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SharedSubscriptionIT {
    static final int NODES = 3;
    static final int WINDOWS = 100;

    @TempDir
    Path dir;

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    static boolean logged(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    AgentProcess receiver(MosquittoBroker broker, String store, String name) throws InterruptedException {
        Path log = dir.resolve(name + ".log");
        int before = count(log);
        AgentProcess p = AgentProcess.start(log, "receive", "--broker", broker.uri(), "--share", "city", "--store", store,
                "--client-id", name, "--for", "200s");
        await(name + " subscribed", () -> count(log) > before);
        return p;
    }

    static int count(Path log) {
        try {
            return Files.exists(log) ? (int) Files.readAllLines(log).stream().filter(l -> l.startsWith("subscribed to $share/city/")).count() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static void publish(MqttAsyncClient pub, int node, int seq) throws Exception {
        Topics t = new Topics("gent", "n" + node);
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        MqttMessage m = new MqttMessage(Windows.json(t, seq, "n" + node + "/abc123/" + seq, start, start + Windows.FIVE_MINUTES));
        m.setQos(1);
        for (int tries = 0;; tries++) {
            try {
                pub.publish(t.counts(), m).waitForCompletion(10_000);
                return;
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                // Paho frees an in-flight slot a moment after the PUBACK it waited for
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT || tries > 100) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    @Test
    void three_receivers_in_one_group_store_every_window_exactly_once_though_one_is_killed_mid_run() throws Exception {
        try (PostgresServer pg = PostgresServer.start(); MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            String store = pg.createDatabase();
            List<AgentProcess> receivers = new ArrayList<>();
            MqttAsyncClient pub = new MqttAsyncClient(broker.uri(), "publisher", new MemoryPersistence());
            try (CountsStore db = CountsStore.open(StoreUrl.parse(store))) {
                for (int r = 1; r <= 3; r++) {
                    receivers.add(receiver(broker, store, "receiver-" + r));
                }
                MqttConnectionOptions o = new MqttConnectionOptions();
                pub.connect(o).waitForCompletion(10_000);
                for (int seq = 1; seq <= WINDOWS; seq++) {
                    for (int node = 1; node <= NODES; node++) {
                        publish(pub, node, seq);
                    }
                    if (seq == WINDOWS / 2) {
                        receivers.get(1).kill();
                    }
                }
                long[] last = {-1, System.nanoTime()};
                await("the two survivors stored what came to them (no new row for 3 s)", () -> {
                    long n = db.count();
                    if (n != last[0]) {
                        last[0] = n;
                        last[1] = System.nanoTime();
                    }
                    return n >= NODES * WINDOWS / 2 && System.nanoTime() - last[1] > TimeUnit.SECONDS.toNanos(3);
                });
                long whileOneWasDead = last[0];
                receivers.set(1, receiver(broker, store, "receiver-2"));
                await("every window stored", () -> db.count() == NODES * WINDOWS);
                assertEquals(NODES * WINDOWS, db.count());
                assertEquals(List.of(), db.gaps("+"));
                Set<String> ids = new HashSet<>();
                db.windows(java.util.Optional.empty(), java.util.Optional.empty(), w -> assertTrue(ids.add(w.id()), "twice: " + w.id()));
                assertEquals(NODES * WINDOWS, ids.size());
                for (AgentProcess p : receivers) {
                    p.stop(); // SIGTERM: the summary is written by the shutdown hook; the JVM's exit code is then 143
                }
                for (int r = 1; r <= 3; r++) {
                    Path log = dir.resolve("receiver-" + r + ".log");
                    assertTrue(Files.readString(log).lines().anyMatch(l -> l.matches("\\d+ windows, [1-9]\\d* stored by this receiver, .*")),
                            "each receiver took a share: " + Files.readString(log));
                }
                System.out.println("shared subscription: " + whileOneWasDead + " of " + NODES * WINDOWS
                        + " windows stored before the killed receiver came back");
            } finally {
                if (pub.isConnected()) {
                    pub.disconnect().waitForCompletion(5_000);
                }
                pub.close();
                for (AgentProcess p : receivers) {
                    p.close();
                }
            }
        }
    }
}

package io.footfall.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.cli.ReceiveCommand;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.receive.Sink;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.PostgresServer;
import io.footfall.agent.testing.Publish;
import io.footfall.agent.testing.Windows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code footfall receive --store}: from a real Mosquitto into a real database. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReceiveIntoStoreTest {
    static final Topics N1 = new Topics("gent", "n1");

    @TempDir
    Path dir;

    static void publish(MosquittoBroker broker, long seq) {
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        Publish.bytes(broker, N1.counts(), Windows.json(N1, seq, "n1/abc123/" + seq, start, start + Windows.FIVE_MINUTES));
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    static void await(String what, java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting until " + what + " " + state.get());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void receive_store_puts_each_distinct_window_into_sqlite_once_and_reports_the_stores_gaps() throws Exception {
        Path db = dir.resolve("counts.db");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new ReceiveCommand());
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> cl.execute("--broker", broker.uri(), "--store", db.toString(),
                    "--client-id", "store-1", "--count", "4", "--for", "60s"));
            await("subscribed", () -> err.toString().contains("subscribed to"));
            for (long seq : new long[] {1, 2, 2, 5, 6}) {
                publish(broker, seq);
            }
            assertEquals(3, run.get(60, TimeUnit.SECONDS), err.toString());
            assertTrue(err.toString().contains("storing into SQLITE jdbc:sqlite:" + db.toAbsolutePath() + " (schema version 5)"), err.toString());
            assertTrue(err.toString().contains("4 windows, 4 stored by this receiver, 4 in the store, 1 duplicates dropped, 1 gaps: "
                    + "[gent/n1/abc123 seq 3-4]"), err.toString());
        }
        try (CountsStore s = CountsStore.open(StoreUrl.parse(db.toString()))) {
            assertEquals(4, s.count());
        }
    }

    @Test
    void a_window_that_arrives_while_postgresql_is_down_is_stored_when_it_is_back() throws Exception {
        try (PostgresServer pg = PostgresServer.start(); MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            String url = pg.createDatabase();
            try (CountsStore store = CountsStore.open(StoreUrl.parse(url));
                    Receiver r = new Receiver(MqttSettings.of(broker.uri(), "platform"), Receiver.Options.of("+", Duration.ofHours(1)),
                            Optional.of((Sink) store), (w, d) -> {})) {
                r.startAndAwaitConnected(Duration.ofSeconds(10));
                publish(broker, 1);
                await("window 1 stored", () -> r.stored() == 1);
                pg.pause();
                publish(broker, 2);
                publish(broker, 3);
                await("the receiver found the store down and left the message unacknowledged", () -> r.storeFailures() > 0);
                pg.resume();
                await("windows 2 and 3 stored", () -> r.stored() == 3, () -> "connected " + r.connected() + ", stored " + r.stored()
                        + ", store failures " + r.storeFailures() + ", last failure " + r.lastFailure());
            }
            try (CountsStore reader = CountsStore.open(StoreUrl.parse(url))) {
                assertEquals(3, reader.count());
                assertEquals(List.of(), reader.gaps("+"));
            }
        }
    }
}

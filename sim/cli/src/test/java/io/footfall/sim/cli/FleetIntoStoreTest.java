package io.footfall.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.cli.Footfall;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.receive.Sink;
import io.footfall.agent.store.CountsStore;
import io.footfall.agent.store.StoreUrl;
import io.footfall.agent.testing.MosquittoBroker;
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

/** {@code footfall sim fleet} through a real Mosquitto into a store: every window of every node, once, no gap. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetIntoStoreTest {
    @TempDir
    Path dir;

    @Test
    void a_simulated_fleet_with_outages_lands_in_the_store_complete() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                CountsStore store = CountsStore.open(StoreUrl.parse(dir.resolve("counts.db").toString()));
                Receiver r = new Receiver(MqttSettings.of(broker.uri(), "platform"), Receiver.Options.of("fleet", Duration.ofHours(1)),
                        Optional.of((Sink) store), (w, d) -> {})) {
            r.startAndAwaitConnected(Duration.ofSeconds(10));
            StringWriter err = new StringWriter();
            CommandLine cl = Footfall.commandLine();
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute("sim", "fleet", "--nodes", "5", "--broker", broker.uri(), "--site", "fleet", "--speed", "7200",
                    "--days", "0.25", "--outages-per-day", "8", "--jitter", "30s");
            assertEquals(0, exit, err.toString());
            assertTrue(err.toString().contains("360 windows published (0 failed)"), err.toString());
            assertTrue(r.awaitReceived(360, Duration.ofSeconds(60)), r.distinct() + " of 360");
            assertEquals(360, store.count());
            assertEquals(List.of(), store.gaps("fleet"));
            assertEquals(5, store.nodes().size());
        }
    }
}

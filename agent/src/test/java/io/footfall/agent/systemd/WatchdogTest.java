package io.footfall.agent.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.config.Settings;
import io.footfall.agent.node.Node;
import io.footfall.agent.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog of a real simulated node (SQLite outbox, real Mosquitto) against a notify socket
 * this test binds itself, as systemd would. The pipeline is wedged through the simulator's
 * {@code sim-wedge-file}. The booted-container check (scripts/check-install) repeats this under
 * a real systemd.
 */
class WatchdogTest {
    /** WatchdogSec of these tests: pings every 3 s, a loop is wedged after 3 silent seconds (room for a loaded machine). */
    private static final Duration INTERVAL = Duration.ofSeconds(6);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Node open(MosquittoBroker broker, Path wedge) {
        Map<String, String> s = new HashMap<>();
        s.put("hal", "sim");
        s.put("site", "s1");
        s.put("node", "n1");
        s.put("broker", broker.uri());
        s.put("window", "1m");
        s.put("data-dir", dir.resolve("data").toString());
        s.put("status-file", dir.resolve("status.json").toString());
        s.put("wifi", "on");
        s.put("sim-speed", "10");
        s.put("sim-wedge-file", wedge.toString());
        return Node.open(AgentConfig.from(Settings.of(s)));
    }

    private static Thread runInBackground(Node node) {
        Thread t = new Thread(node::run, "node-under-test");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aRunningNodeSaysReadyFeedsTheWatchdogAndSaysWhenItStops() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed");
        String address = dir.resolve("notify").toString();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                NotifyReceiver systemd = new NotifyReceiver(address);
                Node node = open(broker, dir.resolve("wedge"))) {
            Watchdog dog = NodeService.watchdog(node, new NotifySocket(address), Optional.of(INTERVAL)).start();
            Thread runner = runInBackground(node);

            String ready = systemd.await(m -> m.contains("READY=1"), WAIT);
            assertTrue(node.agent().started(), "READY=1 before the sensors started: " + ready);
            systemd.await(m -> m.contains("STATUS=counting:") && m.contains("broker connected"), WAIT);
            systemd.clear();
            systemd.await(m -> m.contains("WATCHDOG=1"), WAIT);
            systemd.await(m -> m.contains("WATCHDOG=1"), WAIT);

            dog.stopping();
            node.stop();
            runner.join(WAIT.toMillis());
            dog.close();
            assertFalse(runner.isAlive(), "the pipeline did not stop");
            List<String> all = systemd.received();
            assertEquals("STOPPING=1\nSTATUS=stopping", all.get(all.size() - 1));
        }
    }

    @Test
    void aWedgedPipelineStopsThePingsAndTheStatusSaysWhich() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed");
        String address = "@footfall-watchdog-test-" + ProcessHandle.current().pid();
        Path wedge = dir.resolve("wedge");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                NotifyReceiver systemd = new NotifyReceiver(address);
                Node node = open(broker, wedge);
                Watchdog dog = NodeService.watchdog(node, new NotifySocket(address), Optional.of(INTERVAL))) {
            dog.start();
            runInBackground(node);
            systemd.await(m -> m.contains("READY=1"), WAIT);
            systemd.await(m -> m.contains("WATCHDOG=1"), WAIT);

            Files.createFile(wedge);
            String wedged = systemd.await(m -> m.contains("STATUS=wedged"), WAIT);
            assertTrue(wedged.contains("pipeline silent"), wedged);
            assertFalse(wedged.contains("delivery"), "only the pipeline is wedged: " + wedged);
            assertFalse(wedged.contains("WATCHDOG=1"), wedged);

            // systemd would now restart the service after WatchdogSec: no ping may come in that time.
            systemd.clear();
            long until = System.nanoTime() + INTERVAL.toNanos() * 2;
            while (System.nanoTime() < until) {
                assertTrue(systemd.received().stream().noneMatch(m -> m.contains("WATCHDOG=1")),
                        "a ping after the wedge: " + systemd.received());
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
            node.stop();
        }
    }

    @Test
    void theWatchdogIntervalIsTakenOnlyWhenMeantForThisProcess() {
        assertEquals(Optional.of(Duration.ofSeconds(60)), Watchdog.interval(Map.of("WATCHDOG_USEC", "60000000"), 42));
        assertEquals(Optional.of(Duration.ofSeconds(60)),
                Watchdog.interval(Map.of("WATCHDOG_USEC", "60000000", "WATCHDOG_PID", "42"), 42));
        assertEquals(Optional.empty(), Watchdog.interval(Map.of("WATCHDOG_USEC", "60000000", "WATCHDOG_PID", "43"), 42));
        assertEquals(Optional.empty(), Watchdog.interval(Map.of(), 42));
    }

    @Test
    void noNotifySocketMeansNoWatchdog() {
        assertTrue(NotifySocket.fromEnvironment(Map.of()).isEmpty());
    }
}

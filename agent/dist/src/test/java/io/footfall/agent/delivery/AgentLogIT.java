package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.MosquittoBroker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the packaged agent writes to the journal when the broker goes away, comes back, and refuses
 * it: one line per event with the reason, no stack traces, no unfilled placeholders.
 */
class AgentLogIT {
    @TempDir
    Path dir;

    @Test
    void broker_restarts_and_a_refused_connect_log_one_line_each_with_the_reason_and_no_stack_trace() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        int port = MosquittoBroker.freePort();
        Path log = dir.resolve("agent.log");
        MosquittoBroker broker = MosquittoBroker.startOnPort(dir.resolve("broker"), port);
        try (AgentProcess agent = AgentProcess.start(log, "run", "--config", "/dev/null", "--hal", "sim", "--broker", "tcp://127.0.0.1:" + port,
                "--site", "s1", "--node", "n1", "--window", "1m", "--sim-speed", "600", "--data-dir", dir.resolve("data").toString())) {
            AgentRun.awaitLog(log, "connected to the broker as n1", 1, 60);
            for (int i = 1; i <= 2; i++) {
                broker.stop();
                AgentRun.awaitLog(log, "lost: ", i, 30);
                broker.start();
                AgentRun.awaitLog(log, "connected to the broker as n1", i + 1, 60);
            }
            broker.stop();
            broker = MosquittoBroker.startOnPort(dir.resolve("broker"), port, List.of("allow_anonymous false"));
            AgentRun.awaitLog(log, "refused the connection: not authorized (CONNACK reason code 0x87)", 1, 60);
            AgentRun.stopped(agent.stop());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + AgentRun.log(log), e);
        } finally {
            broker.close();
        }
        String text = AgentRun.log(log);
        System.out.println(text.lines().filter(l -> !l.contains("window") || l.contains("lost")).limit(40).toList());
        assertEquals(List.of(), text.lines().filter(l -> l.startsWith("\tat ") || l.matches("^\\s+at .*") || l.startsWith("Caused by")
                || l.contains("SEVERE") || l.contains("Exception in thread")).toList(), "no stack trace lines");
        assertEquals(List.of(), text.lines().filter(l -> l.contains("{}")).toList(), "no unfilled placeholders");
        List<String> lost = text.lines().filter(l -> l.contains("connection to tcp://127.0.0.1:" + port + " lost: ")).toList();
        assertTrue(lost.size() >= 2, text);
        assertTrue(lost.stream().allMatch(l -> l.substring(l.indexOf("lost: ") + 6).strip().length() > 5), "each says why: " + lost);
    }
}

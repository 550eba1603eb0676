package io.footfall.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.outbox.OutboxFile;
import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Subscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: a second writer on one data directory (issue 9, item 3). Two packaged agents are started
 * on one directory: the second must refuse at once with exit code 75 naming the first's pid, the
 * first must go on delivering, and after the first is SIGKILLed a new one must start at once (the
 * kernel dropped the lock). Verdict as in every fault test: every window the node closed arrives,
 * seq consecutive from 1, any duplicate identical under the same id, no id reused for other counts; a window
 * stored as the last agent stopped may wait in the outbox for the next start.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecondWriterIT {
    @TempDir
    Path dir;

    @Test
    void a_second_agent_on_the_same_data_directory_is_refused_and_no_window_is_lost_or_reused() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        Path data = dir.resolve("data");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/n1/counts")) {
            String[] args = {"run", "--config", "/dev/null", "--hal", "sim", "--broker", broker.uri(), "--site", "s1", "--node", "n1",
                "--window", "1m", "--sim-speed", "600", "--data-dir", data.toString()};
            long firstSeqs;
            try (AgentProcess first = AgentProcess.start(dir.resolve("first.log"), args)) {
                platform.await(r -> true, 3, 30, TimeUnit.SECONDS);
                assertTrue(platform.received().size() >= 3, "the first agent delivers: " + Files.readString(dir.resolve("first.log")));

                Path secondLog = dir.resolve("second.log");
                assertEquals(75, AgentProcess.runToEnd(secondLog, args), Files.readString(secondLog));
                String said = Files.readString(secondLog);
                assertTrue(said.contains("data directory " + data + " is in use by another footfall process (pid " + first.pid() + ")")
                        && said.contains("systemctl stop footfall"), said);
                assertFalse(said.contains("Exception"), said);

                int before = platform.received().size();
                platform.await(r -> true, before + 3, 30, TimeUnit.SECONDS);
                assertTrue(first.alive() && platform.received().size() >= before + 3, "the first agent goes on delivering");
                first.kill();
                firstSeqs = OutboxFile.summary(data.resolve(OutboxFile.NAME)).lastSeq();
            }
            Path thirdLog = dir.resolve("third.log");
            try (AgentProcess third = AgentProcess.start(thirdLog, args)) {
                Delivered.waitFor("a window the third agent closed arrives", 30, () -> platform.received().stream()
                        .anyMatch(r -> seq(r) > firstSeqs));
                assertTrue(third.alive(), Files.readString(thirdLog));
                assertFalse(Files.readString(thirdLog).contains("in use by another"), "started at once after the SIGKILL");
                assertEquals(143, third.stop());
            }
            OutboxFile.Summary outbox = OutboxFile.summary(data.resolve(OutboxFile.NAME));
            // A window stored in the last milliseconds before SIGTERM may still be in the outbox (a window
            // closes every 100 ms here): it is the newest and is sent at the next start, so it is not lost.
            long sent = outbox.lastSeq() - outbox.depth();
            platform.await(r -> true, (int) sent, 20, TimeUnit.SECONDS);

            TreeMap<Long, String> bySeq = new TreeMap<>();
            Map<String, String> byId = new HashMap<>();
            for (Subscriber.Received r : platform.received()) {
                String before = bySeq.putIfAbsent(seq(r), r.payload());
                assertTrue(before == null || before.equals(r.payload()), "a re-send of seq " + seq(r) + " is byte-identical");
                String id = (String) JSON.std.mapFrom(r.payload()).get("id");
                assertEquals("n1/" + outbox.streamId() + "/" + seq(r), id, "one stream, ids join node, stream and seq");
                String sameId = byId.putIfAbsent(id, r.payload());
                assertTrue(sameId == null || sameId.equals(r.payload()), "id " + id + " is never reused for other counts");
            }
            assertEquals(1L, bySeq.firstKey());
            assertTrue(bySeq.lastKey() >= sent && bySeq.lastKey() <= outbox.lastSeq(), "arrived up to " + bySeq.lastKey()
                    + ", stored up to " + outbox.lastSeq() + ", " + outbox.depth() + " still stored");
            assertEquals(sent, bySeq.headMap(sent, true).size(), "every window before the ones still stored arrived, no gap");
            assertEquals(bySeq.lastKey(), bySeq.size(), "no gap among what arrived");
        }
    }

    private static long seq(Subscriber.Received r) {
        try {
            return ((Number) JSON.std.mapFrom(r.payload()).get("seq")).longValue();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}

package io.footfall.agent.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Subscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent counts as node-a while the broker is away, then is renamed node-b on the same
 * data directory and meets a broker whose ACL lets each node write only under its own name (the
 * production set-up). Everything must arrive, all of it under node-b's topic, with nothing stuck and
 * no reconnect loop.
 */
class RenamedNodeIT {
    @TempDir
    Path dir;

    @Test
    void a_node_renamed_on_the_same_data_directory_delivers_everything_under_its_new_topic_and_nothing_gets_stuck() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        Path data = dir.resolve("data");
        Path db = data.resolve("outbox.db");
        int port = MosquittoBroker.freePort();
        String[] common = {"--hal", "sim", "--broker", "tcp://127.0.0.1:" + port, "--site", "s1", "--window", "1m", "--sim-speed", "600",
            "--data-dir", data.toString()};

        Path logA = dir.resolve("node-a.log");
        try (AgentProcess a = AgentProcess.start(logA, args("node-a", common))) {
            Delivered.waitFor("node-a stored windows while the broker is away", 60, () -> AgentRun.storedSeqs(db).size() >= 10);
            AgentRun.stopped(a.stop());
        }
        long storedAsA = AgentRun.lastSeq(db);

        Path acl = dir.resolve("acl");
        Files.writeString(acl, "topic read footfall/#\n"
                + "user node-a\ntopic write footfall/v1/s1/node-a/#\n"
                + "user node-b\ntopic write footfall/v1/s1/node-b/#\n");
        Path logB = dir.resolve("node-b.log");
        try (MosquittoBroker broker = MosquittoBroker.startOnPort(dir.resolve("broker"), port, List.of("acl_file " + acl));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/+/counts")) {
            try (AgentProcess b = AgentProcess.start(logB, args("node-b", common))) {
                platform.await(r -> true, (int) storedAsA + 20, 60, TimeUnit.SECONDS);
                AgentRun.stopped(b.stop());
            }
            long last = AgentRun.lastSeq(db);
            TreeMap<Long, Map<String, Object>> got = AgentRun.everyWindowOnce(platform, last, AgentRun.storedSeqs(db));
            assertTrue(platform.received().stream().allMatch(r -> r.topic().equals("footfall/v1/s1/node-b/counts")),
                    "published only under its own topic");
            String stream = null;
            for (Map.Entry<Long, Map<String, Object>> e : got.entrySet()) {
                Map<String, Object> w = e.getValue();
                String id = (String) w.get("id");
                // stored as node-a or not, every window goes out as node-b's: the platform binds a
                // payload's site and node to its topic; stream and seq carry on, so no gap
                assertEquals("node-b", w.get("node"), "seq " + e.getKey());
                assertEquals("s1", w.get("site"), "seq " + e.getKey());
                assertTrue(id.startsWith("node-b/") && id.endsWith("/" + e.getKey()), "seq " + e.getKey() + ": " + id);
                String s = id.split("/")[1];
                assertTrue(stream == null || stream.equals(s), "one stream: " + id);
                stream = s;
                // the platform's own parser takes it (identity bound to the topic, schema, id)
                io.footfall.agent.receive.CountsParser.parse("footfall/v1/s1/node-b/counts",
                        com.fasterxml.jackson.jr.ob.JSON.std.asBytes(w), io.footfall.agent.kinds.Kinds.STANDARD.sections());
            }
            assertTrue(got.lastKey() > storedAsA + 10, "newer windows went out: up to seq " + got.lastKey() + ", " + storedAsA + " stored as node-a");
            String log = AgentRun.log(logB);
            assertEquals(1, AgentRun.count(log, "connected to the broker as node-b"), "one connect, no reconnect loop:\n" + log);
            assertEquals(0, AgentRun.count(log, "refused"), log);
            assertEquals(1, AgentRun.count(log, "stored as node 'node-a'"), log);
            assertEquals(1L, (long) got.firstKey(), "seq from 1, as stored");
        }
    }

    private Path config(String node) throws Exception {
        Path f = dir.resolve(node + ".properties");
        Files.writeString(f, "mqtt-username=" + node + "\n");
        return f;
    }

    private String[] args(String node, String[] common) throws Exception {
        List<String> a = new java.util.ArrayList<>(List.of("run", "--config", config(node).toString(), "--node", node));
        a.addAll(List.of(common));
        return a.toArray(String[]::new);
    }
}

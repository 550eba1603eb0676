package io.footfall.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.config.Settings;
import io.footfall.agent.node.NodeSetup;
import io.footfall.agent.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every node connects under a client id of its own, which every broker accepts. */
class ClientIdTest {
    @TempDir
    Path dir;

    private static MqttSettings nodeSettings(String site, String node, String broker) {
        return NodeSetup.mqtt(AgentConfig.from(Settings.of(Map.of("hal", "sim", "site", site, "node", node, "broker", broker))));
    }

    private static PahoTransport transport(MqttSettings s) {
        return new PahoTransport(s, Forwarder.Timing.defaults(), java.util.Optional.empty(), () -> {});
    }

    @Test
    void two_nodes_whose_site_and_node_join_alike_stay_connected_side_by_side() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            MqttSettings one = nodeSettings("a-b", "c", broker.uri());
            MqttSettings two = nodeSettings("a", "b-c", broker.uri());
            assertNotEquals(one.clientId(), two.clientId());
            PahoTransport first = transport(one);
            PahoTransport second = transport(two);
            try {
                first.connect();
                second.connect();
                // had the second taken the first's session, the broker would have dropped the first before answering the second
                first.publish("footfall/v1/a-b/c/test", "1".getBytes(StandardCharsets.UTF_8), 1, false).await(Duration.ofSeconds(10));
                second.publish("footfall/v1/a/b-c/test", "2".getBytes(StandardCharsets.UTF_8), 1, false).await(Duration.ofSeconds(10));
                assertTrue(first.connected(), "the first node was not taken over");
                assertTrue(second.connected());
            } finally {
                first.close();
                second.close();
            }
        }
    }

    @Test
    void a_site_and_node_of_a_hundred_characters_make_a_client_id_the_broker_accepts() throws Exception {
        String site = "kortrijk-centrum-" + "x".repeat(33);
        String node = "node-017-" + "y".repeat(41);
        assertEquals(100, site.length() + node.length());
        MqttSettings s = nodeSettings(site, node, "tcp://127.0.0.1:1883");
        assertEquals(MqttSettings.MAX_CLIENT_ID, s.clientId().length(), s.clientId());
        assertTrue(s.clientId().startsWith("ff~"), s.clientId());
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            PahoTransport t = transport(nodeSettings(site, node, broker.uri()));
            try {
                t.connect();
                t.publish("footfall/v1/" + site + "/" + node + "/test", new byte[] {1}, 1, false).await(Duration.ofSeconds(10));
            } finally {
                t.close();
            }
        }
    }

    @Test
    void every_split_of_the_same_characters_into_site_and_node_gets_its_own_client_id() {
        for (String joined : new String[] {"a-b-c_d-e", "kortrijk-centrum-node-017", "x".repeat(70) + "-" + "y".repeat(50)}) {
            Set<String> ids = new HashSet<>();
            int splits = 0;
            for (int i = 1; i < joined.length(); i++) {
                String site = joined.substring(0, i);
                String node = joined.substring(i);
                if (site.length() > 64 || node.length() > 64 || !Topics.ID.matcher(site).matches() || !Topics.ID.matcher(node).matches()) {
                    continue;
                }
                splits++;
                String id = MqttSettings.clientId(new Topics(site, node));
                assertTrue(id.length() <= MqttSettings.MAX_CLIENT_ID && id.matches("ff[.~][a-z0-9_.-]+"), id);
                assertTrue(ids.add(id), "shared: " + id);
                assertTrue(ids.add(MqttSettings.clientId("ffdiag", new Topics(site, node))), "a diag id is never a node's");
            }
            assertTrue(splits > 0, joined);
        }
        assertEquals("ff.kortrijk-centrum.node-017", MqttSettings.clientId(new Topics("kortrijk-centrum", "node-017")));
    }
}

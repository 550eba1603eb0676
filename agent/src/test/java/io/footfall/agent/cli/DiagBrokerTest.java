package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.config.Settings;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.node.NodeSetup;
import io.footfall.agent.testing.MosquittoBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code diag} asks the broker for an MQTT session with the node's credentials, and says why it was refused. */
class DiagBrokerTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int diag(String broker, String... more) {
        out.getBuffer().setLength(0);
        List<String> args = new ArrayList<>(List.of("diag", "--config", "/dev/null", "--hal", "sim", "--site", "s1", "--node", "n1",
                "--data-dir", dir.resolve("data").toString(), "--broker", broker));
        args.addAll(List.of(more));
        CommandLine cl = Footfall.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    private String brokerLine() {
        return out.toString().lines().filter(l -> l.matches("\\w+ +broker .*")).findFirst().orElse("no broker check in:\n" + out);
    }

    @Test
    void a_wrong_password_fails_with_the_brokers_reason_and_the_right_one_passes() throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        Path passwd = dir.resolve("mosquitto.passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwd.toString(), "node-017", secret).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);
        Path good = dir.resolve("good.pw");
        Files.writeString(good, secret + "\n");
        Path bad = dir.resolve("bad.pw");
        Files.writeString(bad, "not-" + secret + "\n");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), List.of("allow_anonymous false", "password_file " + passwd))) {
            diag(broker.uri(), "--set", "mqtt-username=node-017", "--set", "mqtt-password-file=" + bad);
            assertTrue(brokerLine().startsWith("FAIL") && brokerLine().matches(".*(bad user name or password|not authorized).*"), brokerLine());

            diag(broker.uri());
            assertTrue(brokerLine().startsWith("FAIL") && brokerLine().matches(".*anonymously.*(bad user name or password|not authorized).*"),
                    brokerLine());

            diag(broker.uri(), "--set", "mqtt-username=node-017", "--set", "mqtt-password-file=" + good);
            assertTrue(brokerLine().startsWith("PASS") && brokerLine().contains("as user node-017") && brokerLine().contains("success"),
                    brokerLine());
            assertFalse(out.toString().contains(secret) || err.toString().contains(secret), "the password is never shown");
        }
    }

    @Test
    void an_http_server_on_the_brokers_port_is_not_taken_for_a_broker() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5);
        http.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        try {
            assertEquals(1, diag("tcp://127.0.0.1:" + http.getAddress().getPort()));
            assertTrue(brokerLine().startsWith("FAIL") && brokerLine().contains("not an MQTT broker"), brokerLine());
        } finally {
            http.stop(0);
        }
    }

    @Test
    void diag_leaves_the_running_agents_session_alone() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            String agentId = NodeSetup.mqtt(AgentConfig.from(Settings.of(Map.of("hal", "sim", "site", "s1", "node", "n1",
                    "broker", broker.uri())))).clientId();
            MqttAsyncClient agent = new MqttAsyncClient(broker.uri(), agentId, new MemoryPersistence());
            try {
                agent.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
                diag(broker.uri());
                assertTrue(brokerLine().startsWith("PASS") && brokerLine().contains("anonymously"), brokerLine());
                // a broker hands a client id to its newest connection: had diag used the agent's, this publish would fail
                MqttMessage m = new MqttMessage(new byte[] {1});
                m.setQos(1);
                agent.publish("footfall/v1/s1/n1/test", m).waitForCompletion(10_000);
                assertTrue(agent.isConnected());
                assertFalse(agentId.equals(MqttSettings.clientId("ffdiag", new io.footfall.agent.mqtt.Topics("s1", "n1"))));
            } finally {
                agent.disconnectForcibly(0, 1000, false);
                agent.close(true);
            }
        }
    }

    @Test
    void a_port_beyond_65535_is_a_refused_setting_named_broker_not_a_stack_trace() {
        assertEquals(1, diag("tcp://127.0.0.1:99999"));
        assertTrue(out.toString().contains("FAIL  config") && out.toString().contains("'broker'"), out.toString());
        assertFalse((out.toString() + err).contains("IllegalArgumentException"), out.toString() + err);
    }

    @Test
    void a_port_where_nothing_listens_reads_connection_refused_and_that_counts_wait_in_the_outbox() {
        int port = MosquittoBroker.freePort();
        assertEquals(1, diag("tcp://127.0.0.1:" + port));
        assertTrue(brokerLine().startsWith("FAIL") && brokerLine().contains("127.0.0.1:" + port + " did not accept")
                && brokerLine().contains("connection refused") && brokerLine().contains("nothing listens on that port")
                && brokerLine().contains("counts are kept in the outbox meanwhile"), brokerLine());
    }
}

package io.footfall.agent.receive;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.MqttTransportException;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A receiver that cannot connect says why, not only that it timed out. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConnectFailureTest {
    @TempDir
    Path dir;

    static String failure(MqttSettings s) {
        try (Receiver r = new Receiver(s, "+", Duration.ofHours(1), (w, d) -> {})) {
            return assertThrows(MqttTransportException.class, () -> r.startAndAwaitConnected(Duration.ofSeconds(4))).getMessage();
        }
    }

    static MqttSettings tls(String broker, Path ca) {
        Map<String, String> o = new HashMap<>();
        o.put("broker", broker);
        o.put("mqtt-ca-file", ca.toString());
        return MqttSettings.fromOptions(o, "platform");
    }

    @Test
    void a_port_where_nothing_listens_reads_connection_refused() {
        String why = failure(MqttSettings.of("tcp://127.0.0.1:" + MosquittoBroker.freePort(), "platform"));
        assertTrue(why.contains("within PT4S: connection refused by tcp://127.0.0.1:"), why);
        assertTrue(why.contains("nothing listens on that port"), why);
    }

    @Test
    void a_broker_certificate_from_another_ca_reads_not_signed_by_a_trusted_ca() throws Exception {
        TestPki pki = TestPki.create(java.nio.file.Files.createDirectories(dir.resolve("pki")));
        TestPki other = TestPki.create(java.nio.file.Files.createDirectories(dir.resolve("other")));
        int port = MosquittoBroker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), pki.listener(port, "server", false))) {
            String why = failure(tls("ssl://127.0.0.1:" + port, other.ca()));
            assertTrue(why.contains("TLS: the broker's certificate at ssl://127.0.0.1:" + port + " is not signed by a trusted CA"), why);
        }
    }

    @Test
    void tls_to_a_plain_mqtt_port_and_plain_mqtt_to_a_tls_port_each_say_so() throws Exception {
        TestPki pki = TestPki.create(java.nio.file.Files.createDirectories(dir.resolve("pki")));
        int port = MosquittoBroker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), pki.listener(port, "server", false))) {
            String tlsToPlain = failure(tls("ssl://127.0.0.1:" + broker.port(), pki.ca()));
            assertTrue(tlsToPlain.contains("a plain MQTT port? use tcp:// or the TLS port"), tlsToPlain);
            String plainToTls = failure(MqttSettings.of("tcp://127.0.0.1:" + port, "platform"));
            assertTrue(plainToTls.contains("a TLS port spoken to as plain MQTT"), plainToTls);
        }
    }

    /**
     * Mosquitto grants every subscription its acl_file would not deliver on (it filters at delivery),
     * so a peer that speaks just enough MQTT 5 stands in for a broker with an authorisation plugin:
     * CONNACK success, then SUBACK 0x87 (not authorized).
     */
    @Test
    void a_subscription_the_broker_refuses_is_a_failure_not_a_silent_receiver() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket s = server.accept()) {
                        java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                        java.io.OutputStream out = s.getOutputStream();
                        packet(in); // CONNECT
                        out.write(new byte[] {0x20, 3, 0, 0, 0}); // CONNACK: no session present, success, no properties
                        byte[] subscribe = packet(in);
                        out.write(new byte[] {(byte) 0x90, 4, subscribe[0], subscribe[1], 0, (byte) 0x87}); // SUBACK: not authorized
                        out.flush();
                        packet(in); // until the receiver hangs up
                    } catch (java.io.IOException e) {
                        // the receiver hung up, or the test is over
                    }
                }
            }, "suback-0x87");
            peer.setDaemon(true);
            peer.start();
            String why = failure(MqttSettings.of("tcp://127.0.0.1:" + server.getLocalPort(), "platform"));
            assertTrue(why.contains("refused the subscription to footfall/v1/+/+/counts (SUBACK reason code 0x87)"), why);
        }
    }

    /** The body of the next MQTT packet. */
    private static byte[] packet(java.io.DataInputStream in) throws java.io.IOException {
        in.readUnsignedByte();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return in.readNBytes(length);
    }
}

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
}

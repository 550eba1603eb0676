package io.footfall.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.StandardOutbox;
import io.footfall.agent.testing.TestPki;
import io.footfall.agent.testing.Windows;
import io.footfall.hal.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a pinned CA and host-name verification, client certificates, and passwords from a file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecurityTest {
    static final Topics TOPICS = new Topics("enschede", "node-017");
    static final Forwarder.Timing FAST = new Forwarder.Timing(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3), 10, Duration.ofMillis(200));
    static TestPki pki;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(shared.resolve("pki"));
    }

    static Map<String, String> options(String broker) {
        Map<String, String> o = new HashMap<>();
        o.put("broker", broker);
        o.put("mqtt-backoff-min", "50ms");
        o.put("mqtt-backoff-max", "300ms");
        return o;
    }

    /** Appends one window, runs a forwarder for up to {@code wait}, returns whether it was delivered. */
    boolean delivers(MqttSettings settings, Duration wait) throws Exception {
        try (SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox-" + System.nanoTime() + ".db"), "node-017");
                Forwarder f = new Forwarder(settings, TOPICS, outbox, FAST)) {
            Windows.appendNext(outbox, TOPICS);
            f.start();
            long until = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < until) {
                if (outbox.depth() == 0) {
                    return true;
                }
                Thread.sleep(20);
            }
            lastError = f.status().lastError().orElse("");
            return false;
        }
    }

    /**
     * Appends one window, runs a forwarder until its first connection attempt has failed, and returns whether
     * it was refused: no connection, nothing delivered.
     */
    boolean refused(MqttSettings settings) throws Exception {
        try (SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox-" + System.nanoTime() + ".db"), "node-017");
                Forwarder f = new Forwarder(settings, TOPICS, outbox, FAST)) {
            Windows.appendNext(outbox, TOPICS);
            f.start();
            Delivered.waitFor("a failed connection attempt or a delivery", 30,
                    () -> f.status().lastError().isPresent() || outbox.depth() == 0);
            lastError = f.status().lastError().orElse("");
            return outbox.depth() == 1 && f.status().connects() == 0;
        }
    }

    String lastError = "";

    @Test
    void mqtts_with_the_pinned_ca_and_a_certificate_for_the_host_name_delivers() throws Exception {
        int tls = MosquittoBroker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), pki.listener(tls, "server", false));
                Receiver receiver = new Receiver(MqttSettings.of(broker.uri(), "platform"), "enschede", Duration.ofHours(1), (w, d) -> {})) {
            receiver.startAndAwaitConnected(Duration.ofSeconds(10));
            Map<String, String> o = options("mqtts://127.0.0.1:" + tls);
            o.put("mqtt-ca-file", pki.ca().toString());
            assertTrue(delivers(MqttSettings.fromOptions(o, "node-017"), Duration.ofSeconds(15)), lastError);
            o.put("broker", "ssl://localhost:" + tls);
            assertTrue(delivers(MqttSettings.fromOptions(o, "node-017"), Duration.ofSeconds(15)), lastError);
            assertTrue(receiver.awaitReceived(2, Duration.ofSeconds(10)));
        }
    }

    @Test
    void a_server_certificate_for_another_host_name_is_refused_even_from_the_pinned_ca() throws Exception {
        int tls = MosquittoBroker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), pki.listener(tls, "wrong", false))) {
            Map<String, String> o = options("mqtts://127.0.0.1:" + tls);
            o.put("mqtt-ca-file", pki.ca().toString());
            assertTrue(refused(MqttSettings.fromOptions(o, "node-017")), "must not connect");
            assertTrue(lastError.contains("No subject alternative names matching IP address 127.0.0.1"), lastError);
        }
    }

    @Test
    void a_server_certificate_from_another_ca_is_refused() throws Exception {
        TestPki other = TestPki.create(dir.resolve("other-pki"));
        int tls = MosquittoBroker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), other.listener(tls, "server", false))) {
            Map<String, String> o = options("mqtts://127.0.0.1:" + tls);
            o.put("mqtt-ca-file", pki.ca().toString());
            assertTrue(refused(MqttSettings.fromOptions(o, "node-017")), "must not connect");
            assertTrue(lastError.contains("PKIX path"), lastError);
        }
    }

    @Test
    void a_client_certificate_opens_a_broker_that_requires_one_and_its_absence_does_not() throws Exception {
        int tls = MosquittoBroker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), pki.listener(tls, "server", true))) {
            Map<String, String> o = options("mqtts://127.0.0.1:" + tls);
            o.put("mqtt-ca-file", pki.ca().toString());
            assertTrue(refused(MqttSettings.fromOptions(o, "node-017")), "no client certificate, no connection");
            o.put("mqtt-cert-file", pki.cert("client").toString());
            o.put("mqtt-key-file", pki.key("client").toString());
            assertTrue(delivers(MqttSettings.fromOptions(o, "node-017"), Duration.ofSeconds(15)), lastError);
        }
    }

    @Test
    void username_and_password_from_a_file_connect_and_the_password_never_reaches_the_log() throws Exception {
        String secret = "s3cr3t-Kortrijk-42";
        Path passwd = dir.resolve("mosquitto.passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwd.toString(), "node-017", secret).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);
        Path good = dir.resolve("good.pw");
        Files.writeString(good, secret + "\n");
        Path bad = dir.resolve("bad.pw");
        Files.writeString(bad, "not-" + secret + "\n");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"),
                List.of("allow_anonymous false", "password_file " + passwd))) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Map<String, String> o = options(broker.uri());
            o.put("mqtt-username", "node-017");
            o.put("mqtt-password-file", bad.toString());
            MqttSettings wrong = MqttSettings.fromOptions(o, "node-017");
            assertTrue(refused(wrong), "wrong password refused");
            assertFalse(wrong.toString().contains(secret));
            o.put("mqtt-password-file", good.toString());
            assertTrue(delivers(MqttSettings.fromOptions(o, "node-017"), Duration.ofSeconds(15)), lastError);
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("delivery interrupted"), "the failure was logged: " + log);
        assertFalse(log.contains(secret), "password in the log");
    }

    @Test
    void bad_settings_are_refused_at_start_naming_the_key() {
        ConfigException e = assertThrows(ConfigException.class, () -> MqttSettings.fromOptions(Map.of("broker", "http://x:1"), "n"));
        assertEquals("broker", e.key());
        e = assertThrows(ConfigException.class, () -> MqttSettings.fromOptions(Map.of("broker", "mqtts://h", "mqtt-ca-file", "/nonexistent.pem"), "n"));
        assertEquals("mqtt-ca-file", e.key());
        e = assertThrows(ConfigException.class, () -> MqttSettings.fromOptions(Map.of("mqtt-backoff-min", "soon"), "n"));
        assertEquals("mqtt-backoff-min", e.key());
        e = assertThrows(ConfigException.class, () -> MqttSettings.fromOptions(Map.of("mqtt-backoff-min", "10s", "mqtt-backoff-max", "1s"), "n"));
        assertEquals("mqtt-backoff-max", e.key());
        e = assertThrows(ConfigException.class, () -> MqttSettings.fromOptions(Map.of("broker", "tcp://user:pw@h:1883"), "n"));
        assertEquals("broker", e.key());
        MqttSettings s = MqttSettings.fromOptions(Map.of("broker", "mqtt://broker.city.example", "mqtt-backoff-min", "250ms", "mqtt-backoff-max", "PT30S"), "n");
        assertEquals("tcp://broker.city.example:1883", s.pahoUri());
        assertEquals(Duration.ofMillis(250), s.backoffMin());
        assertEquals(Duration.ofSeconds(30), s.backoffMax());
        assertEquals("ssl://h:8883", MqttSettings.fromOptions(Map.of("broker", "mqtts://h"), "n").pahoUri());
    }
}

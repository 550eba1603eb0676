package io.footfall.agent.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Publishes raw bytes with the real mosquitto_pub (QoS 1, MQTT v5): what any client on the broker could send. */
public final class Publish {
    private Publish() {}

    public static void bytes(MosquittoBroker broker, String topic, byte[] payload) {
        try {
            Path f = Files.createTempFile("payload", ".bin");
            try {
                Files.write(f, payload);
                Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-V", "mqttv5",
                        "-q", "1", "-t", topic, "-f", f.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mosquitto_pub: " + out);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void text(MosquittoBroker broker, String topic, String payload) {
        bytes(broker, topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

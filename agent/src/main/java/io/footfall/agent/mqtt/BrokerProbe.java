package io.footfall.agent.mqtt;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * One MQTT 5 connect and orderly disconnect, with the node's TLS and credentials, through the
 * agent's own {@link PahoTransport}: what {@code footfall diag} asks of the broker. It connects without
 * a will, so it never publishes the node's {@code offline} status, and under the client id it is
 * given, which must differ from the running agent's ({@link MqttSettings#clientId(String, Topics)}),
 * or the broker would drop the agent's session to take this one.
 */
public final class BrokerProbe {
    private BrokerProbe() {}

    /**
     * @param accepted whether the broker answered CONNACK with success
     * @param reason the CONNACK reason in words, or why no CONNACK came (e.g. {@code not an MQTT broker})
     */
    public record Result(boolean accepted, String reason) {}

    /** MQTT 5 CONNACK reason codes (section 3.2.2.2) in words. */
    static final Map<Integer, String> CONNACK_REASONS = Map.ofEntries(
            Map.entry(0x80, "unspecified error"),
            Map.entry(0x81, "malformed packet"),
            Map.entry(0x82, "protocol error"),
            Map.entry(0x83, "implementation specific error"),
            Map.entry(0x84, "unsupported protocol version"),
            Map.entry(0x85, "client identifier not valid"),
            Map.entry(0x86, "bad user name or password"),
            Map.entry(0x87, "not authorized"),
            Map.entry(0x88, "server unavailable"),
            Map.entry(0x89, "server busy"),
            Map.entry(0x8A, "banned"),
            Map.entry(0x8C, "bad authentication method"),
            Map.entry(0x90, "topic name invalid"),
            Map.entry(0x95, "packet too large"),
            Map.entry(0x97, "quota exceeded"),
            Map.entry(0x99, "payload format invalid"),
            Map.entry(0x9A, "retain not supported"),
            Map.entry(0x9B, "QoS not supported"),
            Map.entry(0x9C, "use another server"),
            Map.entry(0x9D, "server moved"),
            Map.entry(0x9F, "connection rate exceeded"));

    /** Connects, waits up to {@code timeout} for the CONNACK, and disconnects at once. */
    public static Result connect(MqttSettings settings, Duration timeout) {
        Forwarder.Timing timing = new Forwarder.Timing(Duration.ofSeconds(60), timeout, timeout, 1, Duration.ofSeconds(30));
        PahoTransport transport;
        try {
            transport = new PahoTransport(settings, timing, null, new byte[0], () -> {});
        } catch (MqttTransportException e) {
            return new Result(false, e.getMessage() + cause(e));
        }
        try {
            transport.connect();
            transport.disconnect();
            return new Result(true, "success");
        } catch (MqttTransportException e) {
            return new Result(false, reason(e));
        } finally {
            transport.close();
        }
    }

    private static String reason(MqttTransportException e) {
        Optional<SSLException> tls = find(e, SSLException.class);
        if (tls.isPresent()) {
            return "TLS handshake failed: " + tls.get().getMessage();
        }
        Optional<MqttException> mqtt = find(e, MqttException.class);
        if (mqtt.isPresent()) {
            String words = CONNACK_REASONS.get(mqtt.get().getReasonCode());
            if (words != null) {
                return words + String.format(" (CONNACK reason code 0x%02X)", mqtt.get().getReasonCode());
            }
            if (mqtt.get().getReasonCode() == MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR) {
                return "cannot connect: " + Optional.ofNullable(mqtt.get().getCause()).map(Throwable::getMessage).orElse("refused");
            }
        }
        // a TCP connection was made but no CONNACK came: the peer closed it, timed out or sent something else
        return "not an MQTT broker, or not answering MQTT (" + e.getMessage() + ")";
    }

    private static <T extends Throwable> Optional<T> find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return Optional.of(type.cast(c));
            }
        }
        return Optional.empty();
    }

    private static String cause(Throwable e) {
        return e.getCause() == null ? "" : ": " + e.getCause().getMessage();
    }
}

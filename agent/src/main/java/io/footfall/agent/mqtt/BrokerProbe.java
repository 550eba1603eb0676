package io.footfall.agent.mqtt;

import java.time.Duration;
import java.util.Optional;

/**
 * The one broker check: a real MQTT 5 connect and orderly disconnect with the node's TLS and
 * credentials, through the same {@link PahoSession} the agent uses, as {@code footfall diag} asks
 * it. No separate TCP probe: a refused port, a TLS mismatch, a non-MQTT service and a refusing
 * broker are each told apart by {@link ConnectFailure}. It connects without a will, so it never
 * publishes the node's {@code offline} status, and under the client id it is given, which must
 * differ from the running agent's ({@link MqttSettings#clientId(String, Topics)}), or the broker
 * would drop the agent's session to take this one.
 */
public final class BrokerProbe {
    private BrokerProbe() {}

    /**
     * @param accepted whether the broker answered CONNACK with success
     * @param reason {@code success}, or why the broker did not accept us, for a person
     */
    public record Result(boolean accepted, String reason) {}

    /** Connects, waits up to {@code timeout} for the CONNACK, and disconnects at once. */
    public static Result connect(MqttSettings settings, Duration timeout) {
        PahoSession session;
        try {
            session = new PahoSession(settings, PahoSession.Profile.fresh(Duration.ofSeconds(60), timeout, Optional.empty()),
                    new PahoSession.Events() {});
        } catch (MqttTransportException e) {
            return new Result(false, e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
        }
        try {
            session.connect();
            session.disconnect();
            return new Result(true, "success");
        } catch (MqttTransportException e) {
            return new Result(false, e.getMessage());
        } finally {
            session.close();
        }
    }
}

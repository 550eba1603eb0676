package io.footfall.agent.health;

import io.footfall.agent.mqtt.Forwarder;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The MQTT section of a health snapshot ({@code mqtt}). The delivery fields come from the
 * forwarder's status; {@code refused} and {@code undeleted} absent mean 0.
 *
 * @param refused messages the broker refused (a PUBACK with an error reason), set aside
 * @param lastRefusal the last of them: when, which message, on which topic and why
 * @param undeleted acknowledged messages the outbox could not delete (never re-sent)
 * @param lastError the last delivery error
 */
public record MqttHealth(boolean connected, OptionalLong refused, Optional<String> lastRefusal, OptionalLong undeleted,
        Optional<String> lastError) {
    public MqttHealth {
        Objects.requireNonNull(refused, "mqtt.refused");
        Objects.requireNonNull(lastRefusal, "mqtt.lastRefusal");
        Objects.requireNonNull(undeleted, "mqtt.undeleted");
        Objects.requireNonNull(lastError, "mqtt.lastError");
    }

    /** Only the connection known (no forwarder status). */
    public static MqttHealth connected(boolean connected) {
        return new MqttHealth(connected, OptionalLong.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty());
    }

    public static MqttHealth of(Forwarder.Status s) {
        return new MqttHealth(s.connected(), OptionalLong.of(s.refused()), s.lastRefusal(), OptionalLong.of(s.undeleted()), s.lastError());
    }

    MqttHealth compact() {
        return new MqttHealth(connected, Compact.counter(refused), lastRefusal, Compact.counter(undeleted), lastError);
    }
}

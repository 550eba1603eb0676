package io.footfall.agent.mqtt;

import io.footfall.hal.FootfallException;

/** Talking to the broker failed: connect, publish, acknowledgement or TLS setup. */
public class MqttTransportException extends FootfallException {
    public MqttTransportException(String message) {
        super(message);
    }

    public MqttTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}

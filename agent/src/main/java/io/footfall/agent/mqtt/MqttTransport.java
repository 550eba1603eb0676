package io.footfall.agent.mqtt;

import java.time.Duration;

/**
 * The wire under the {@link Forwarder}: one long-lived connection, opened and re-opened only when
 * the forwarder asks. No retry, no buffering, no durability here: that is the outbox's and the
 * forwarder's job.
 */
interface MqttTransport extends AutoCloseable {
    /**
     * Opens a fresh session (clean start) with the last will set; blocks until the broker's CONNACK
     * or the connect timeout.
     *
     * @throws MqttTransportException when the broker cannot be reached, refuses us or times out
     */
    void connect();

    boolean connected();

    /**
     * Hands one message to the connection.
     *
     * @throws MqttTransportException when not connected or the client refuses it
     */
    Delivery publish(String topic, byte[] payload, int qos, boolean retained);

    /** Best effort orderly DISCONNECT (the broker then does not send the will). */
    void disconnect();

    /** Drops the connection at once, e.g. after an acknowledgement timed out; the will is sent. */
    void abort();

    /** Releases the client and its threads; the transport cannot be used again. */
    @Override
    void close();

    /** A publish on its way. */
    interface Delivery {
        /**
         * Waits for the broker's answer (PUBACK for QoS 1, written to the socket for QoS 0). A PUBACK
         * with an error reason code is an answer, not a failure: it is returned, and the connection
         * stays up.
         *
         * @throws MqttTransportException when no answer came: the connection failed or {@code timeout} passed
         */
        Ack await(Duration timeout);
    }

    /** The broker's answer to one publish: the PUBACK's reason code, 0 for QoS 0 or an MQTT 3 broker. */
    record Ack(int reasonCode) {
        public Ack {
            if (reasonCode < 0 || reasonCode > 0xff) {
                throw new IllegalArgumentException("a reason code is one byte, got " + reasonCode);
            }
        }

        /** MQTT v5: a reason code of 0x80 or more means the broker did not accept the message. */
        public boolean refused() {
            return reasonCode >= 0x80;
        }

        /** The code and its name in the MQTT v5 specification (3.4.2.1), e.g. {@code 0x87 not authorized}. */
        public String describe() {
            String name = switch (reasonCode) {
                case 0x00 -> "success";
                case 0x10 -> "no matching subscribers";
                case 0x80 -> "unspecified error";
                case 0x83 -> "implementation specific error";
                case 0x87 -> "not authorized";
                case 0x90 -> "topic name invalid";
                case 0x91 -> "packet identifier in use";
                case 0x95 -> "packet too large";
                case 0x97 -> "quota exceeded";
                case 0x99 -> "payload format invalid";
                default -> "reason code";
            };
            return String.format("0x%02x %s", reasonCode, name);
        }
    }
}

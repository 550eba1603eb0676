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
         * Waits for the broker's acknowledgement (PUBACK for QoS 1, written to the socket for QoS 0).
         *
         * @throws MqttTransportException when it failed, the broker answered with an error reason code,
         *     or {@code timeout} passed
         */
        void await(Duration timeout);
    }
}

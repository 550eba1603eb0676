package io.footfall.agent.mqtt;

import java.util.Objects;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * {@link MqttTransport} over one {@link PahoSession} with a fresh session per connect (clean start,
 * no session kept), the forwarder's keep-alive and connect timeout, and the node's {@code offline}
 * status as its will.
 */
final class PahoTransport implements MqttTransport {
    private final PahoSession session;

    /** @param will what the broker publishes if the connection dies; empty: no will */
    PahoTransport(MqttSettings settings, Forwarder.Timing timing, Optional<PahoSession.Will> will, Runnable onConnectionLost) {
        Objects.requireNonNull(onConnectionLost);
        this.session = new PahoSession(settings, PahoSession.Profile.fresh(timing.keepAlive(), timing.connectTimeout(), will),
                new PahoSession.Events() {
                    @Override
                    public void lost() {
                        onConnectionLost.run();
                    }
                });
    }

    @Override
    public void connect() {
        session.connect();
    }

    @Override
    public boolean connected() {
        return session.connected();
    }

    @Override
    public Delivery publish(String topic, byte[] payload, int qos, boolean retained) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retained);
        IMqttToken t = null;
        for (int tries = 0; t == null; tries++) {
            try {
                t = session.publish(topic, m);
            } catch (MqttException e) {
                // Paho frees an in-flight slot a moment after the PUBACK's token completes
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || tries >= 200) {
                    throw new MqttTransportException("cannot publish to " + topic + ": " + describe(e), e);
                }
                pause(5);
            } catch (RuntimeException e) {
                throw new MqttTransportException("cannot publish to " + topic + ": " + e, e);
            }
        }
        IMqttToken token = t;
        return timeout -> {
            try {
                token.waitForCompletion(Math.max(1, timeout.toMillis()));
            } catch (MqttException e) {
                throw new MqttTransportException("no acknowledgement for " + topic + ": " + describe(e), e);
            }
            // Paho 1.2.5 completes the token normally on an error PUBACK (no exception, connection kept):
            // the reason code is only in getReasonCodes()
            int[] codes = token.getReasonCodes();
            return new Ack(codes == null || codes.length == 0 ? 0 : codes[0] & 0xff);
        };
    }

    @Override
    public void disconnect() {
        session.disconnect();
    }

    @Override
    public void abort() {
        session.abort();
    }

    @Override
    public void close() {
        session.close();
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttTransportException("interrupted while publishing");
        }
    }

    private static String describe(MqttException e) {
        Throwable c = e.getCause();
        return e.getMessage() + " (" + e.getReasonCode() + ")" + (c == null ? "" : ": " + c);
    }
}

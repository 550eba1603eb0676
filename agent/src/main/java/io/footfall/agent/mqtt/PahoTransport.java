package io.footfall.agent.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttTransport} over one Eclipse Paho {@link MqttAsyncClient}, created once and reused for
 * every connection: {@link MemoryPersistence}, clean start, automatic reconnect off (see
 * FIELD-NOTES: Paho's persistence and reconnect are not durable). TLS uses {@link Tls} with
 * host-name verification on. The password is read from its file at each connect and handed to
 * Paho only; it is never logged nor kept.
 */
final class PahoTransport implements MqttTransport {
    private static final Logger log = LoggerFactory.getLogger(PahoTransport.class);

    private final MqttSettings settings;
    private final Forwarder.Timing timing;
    private final String willTopic;
    private final byte[] willPayload;
    private final Runnable onConnectionLost;
    private final MqttAsyncClient client;
    private final SSLSocketFactory sslFactory;

    PahoTransport(MqttSettings settings, Forwarder.Timing timing, String willTopic, byte[] willPayload, Runnable onConnectionLost) {
        this.settings = Objects.requireNonNull(settings);
        this.timing = Objects.requireNonNull(timing);
        this.willTopic = willTopic;
        this.willPayload = willPayload.clone();
        this.onConnectionLost = onConnectionLost;
        this.sslFactory = settings.tls() ? Tls.socketFactory(settings.caFile(), settings.certFile(), settings.keyFile()) : null;
        try {
            client = new MqttAsyncClient(settings.pahoUri(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new MqttTransportException("cannot create MQTT client for " + settings.pahoUri(), e);
        }
        client.setCallback(new Callback());
    }

    @Override
    public void connect() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSessionExpiryInterval(0L);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) Math.max(1, timing.keepAlive().toSeconds()));
        o.setConnectionTimeout((int) Math.max(1, timing.connectTimeout().toSeconds()));
        MqttMessage will = new MqttMessage(willPayload);
        will.setQos(1);
        will.setRetained(true);
        o.setWill(willTopic, will);
        settings.username().ifPresent(o::setUserName);
        if (settings.passwordFile().isPresent()) {
            o.setPassword(readPassword());
        }
        if (sslFactory != null) {
            o.setSocketFactory(sslFactory);
            o.setHttpsHostnameVerificationEnabled(true);
        }
        try {
            IMqttToken t = client.connect(o);
            t.waitForCompletion(timing.connectTimeout().toMillis() + 2_000);
        } catch (MqttException e) {
            abort();
            throw new MqttTransportException("cannot connect to " + settings.pahoUri() + ": " + describe(e), e);
        } catch (RuntimeException e) {
            abort();
            throw new MqttTransportException("cannot connect to " + settings.pahoUri() + ": " + e, e);
        }
    }

    private byte[] readPassword() {
        try {
            byte[] raw = Files.readAllBytes(settings.passwordFile().get());
            int end = raw.length;
            while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
                end--;
            }
            byte[] pw = Arrays.copyOf(raw, end);
            Arrays.fill(raw, (byte) 0);
            return pw;
        } catch (IOException e) {
            throw new MqttTransportException("cannot read the MQTT password file " + settings.passwordFile().get(), e);
        }
    }

    @Override
    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public Delivery publish(String topic, byte[] payload, int qos, boolean retained) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retained);
        IMqttToken t;
        try {
            t = client.publish(topic, m);
        } catch (MqttException e) {
            throw new MqttTransportException("cannot publish to " + topic + ": " + describe(e), e);
        } catch (RuntimeException e) {
            throw new MqttTransportException("cannot publish to " + topic + ": " + e, e);
        }
        return timeout -> {
            try {
                t.waitForCompletion(Math.max(1, timeout.toMillis()));
            } catch (MqttException e) {
                throw new MqttTransportException("no acknowledgement for " + topic + ": " + describe(e), e);
            }
            int[] codes = t.getReasonCodes();
            if (codes != null) {
                for (int c : codes) {
                    if (c >= 0x80) {
                        throw new MqttTransportException("broker refused publish to " + topic + " with reason code 0x" + Integer.toHexString(c));
                    }
                }
            }
        };
    }

    @Override
    public void disconnect() {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException | RuntimeException e) {
            log.debug("orderly disconnect failed: {}", e.toString());
            abort();
        }
    }

    @Override
    public void abort() {
        try {
            client.disconnectForcibly(0, 500, false);
        } catch (MqttException | RuntimeException e) {
            // already disconnected, or never connected: nothing to drop
        }
    }

    @Override
    public void close() {
        abort();
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("closing the MQTT client: {}", e.toString());
        }
    }

    private static String describe(MqttException e) {
        Throwable c = e.getCause();
        return e.getMessage() + " (" + e.getReasonCode() + ")" + (c == null ? "" : ": " + c);
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            try {
                log.info("connection to {} lost: {}", settings.pahoUri(), response.getReasonString() != null ? response.getReasonString() : response.getException());
                onConnectionLost.run();
            } catch (RuntimeException e) {
                // never let a callback stop Paho's threads; the forwarder polls connected() anyway
                log.warn("connection-lost handler failed", e);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error: {}", describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // the node subscribes to nothing
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // completion is awaited on each token
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // the forwarder learns this from connect() returning
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}

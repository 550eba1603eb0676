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
    private volatile MqttAsyncClient client;
    private int replaced;
    private volatile long lostAtNanos;
    private final java.util.Optional<SSLSocketFactory> sslFactory;

    /** @param willTopic where the broker publishes {@code willPayload} if the connection dies; null: no will */
    PahoTransport(MqttSettings settings, Forwarder.Timing timing, String willTopic, byte[] willPayload, Runnable onConnectionLost) {
        this.settings = Objects.requireNonNull(settings);
        this.timing = Objects.requireNonNull(timing);
        this.willTopic = willTopic;
        this.willPayload = willPayload.clone();
        this.onConnectionLost = onConnectionLost;
        this.sslFactory = settings.tls() ? java.util.Optional.of(Tls.socketFactory(settings.caFile(), settings.certFile(), settings.keyFile()))
                : java.util.Optional.empty();
        client = newClient();
    }

    private MqttAsyncClient newClient() {
        try {
            MqttAsyncClient c = new MqttAsyncClient(settings.pahoUri(), settings.clientId(), new MemoryPersistence());
            c.setCallback(new Callback());
            return c;
        } catch (MqttException e) {
            throw new MqttTransportException("cannot create MQTT client for " + settings.pahoUri(), e);
        }
    }

    /**
     * Paho 1.2.5 can wedge when a connection is cut while it connects: the next connect's token never
     * completes and no connection thread runs (seen in our fault-injection tests). Only then is the
     * client replaced; the wedged one is closed forcibly so its threads end.
     */
    private void replaceWedgedClient() {
        MqttAsyncClient old = client;
        client = newClient();
        replaced++;
        log.info("MQTT client replaced after a connect that did not complete ({} so far)", replaced);
        try {
            old.disconnectForcibly(0, 100, false);
        } catch (MqttException | RuntimeException ignored) {
            // wedged or already disconnected
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("closing the wedged client: {}", e.toString());
        }
    }

    @Override
    public void connect() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSessionExpiryInterval(0L);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) Math.max(1, timing.keepAlive().toSeconds()));
        o.setConnectionTimeout((int) Math.max(1, timing.connectTimeout().toSeconds()));
        if (willTopic != null) {
            MqttMessage will = new MqttMessage(willPayload);
            will.setQos(1);
            will.setRetained(true);
            o.setWill(willTopic, will);
        }
        settings.username().ifPresent(o::setUserName);
        if (settings.passwordFile().isPresent()) {
            o.setPassword(readPassword());
        }
        sslFactory.ifPresent(f -> {
            o.setSocketFactory(f);
            o.setHttpsHostnameVerificationEnabled(true);
        });
        lostAtNanos = 0;
        IMqttToken t;
        try {
            t = client.connect(o);
        } catch (MqttException | RuntimeException e) {
            abort();
            throw new MqttTransportException("cannot connect to " + settings.pahoUri() + ": " + e, e);
        }
        awaitConnect(t);
    }

    /**
     * Waits for the CONNACK. Paho 1.2.5 does not always complete the connect token when the
     * connection is cut before or right after the CONNACK (seen in our fault-injection tests through
     * a TCP proxy), and its own connection timeout does not fire then either: so the wait is bounded
     * here, and a client whose connect did not complete is replaced rather than reused.
     */
    private void awaitConnect(IMqttToken t) {
        long deadline = System.nanoTime() + timing.connectTimeout().toNanos();
        while (true) {
            // a failed connect sets the token's exception but not always its completion
            MqttException failed = t.getException();
            if (failed != null) {
                abort();
                throw new MqttTransportException("cannot connect to " + settings.pahoUri() + ": " + describe(failed), failed);
            }
            if (t.isComplete()) {
                return;
            }
            if (client.isConnected()) {
                return;
            }
            long lost = lostAtNanos;
            if (lost != 0 && System.nanoTime() - lost > 300_000_000L) {
                replaceWedgedClient();
                throw new MqttTransportException("connection to " + settings.pahoUri() + " lost while connecting");
            }
            if (System.nanoTime() > deadline) {
                replaceWedgedClient();
                throw new MqttTransportException("no CONNACK from " + settings.pahoUri() + " within " + timing.connectTimeout());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                replaceWedgedClient();
                throw new MqttTransportException("interrupted while connecting");
            }
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
        IMqttToken t = null;
        for (int tries = 0; t == null; tries++) {
            try {
                t = client.publish(topic, m);
            } catch (MqttException e) {
                // Paho frees an in-flight slot a moment after the PUBACK's token completes
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT || tries >= 200) {
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
        if (!client.isConnected()) {
            return; // forcing a disconnect on a client that is not connected can wedge Paho's state
        }
        try {
            client.disconnectForcibly(0, 500, false);
        } catch (MqttException | RuntimeException e) {
            // already disconnected, or never connected: nothing to drop
        }
    }

    @Override
    public void close() {
        try {
            client.disconnectForcibly(0, 500, false);
        } catch (MqttException | RuntimeException e) {
            // not connected
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("closing the MQTT client: {}", e.toString());
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttTransportException("interrupted while publishing");
        }
    }

    /** One line: the broker's DISCONNECT reason, else what broke the connection and its cause. */
    static String reason(MqttDisconnectResponse response) {
        if (response.getReasonString() != null) {
            return response.getReasonString() + " (reason code " + response.getReturnCode() + ")";
        }
        MqttException e = response.getException();
        if (e == null) {
            return "disconnected, reason code " + response.getReturnCode();
        }
        return describe(e);
    }

    private static String describe(MqttException e) {
        Throwable c = e.getCause();
        return e.getMessage() + " (" + e.getReasonCode() + ")" + (c == null ? "" : ": " + c);
    }

    /**
     * Paho logs through java.util.logging, SEVERE with stack traces for what are ordinary events to
     * us (a broker closing the connection, a refused connect). Everything it logs goes to our log at
     * DEBUG instead, as one line unless DEBUG is on: the transport reports what matters itself.
     */
    static void routePahoLogging() {
        PAHO_JUL.setUseParentHandlers(false);
        for (java.util.logging.Handler h : PAHO_JUL.getHandlers()) {
            PAHO_JUL.removeHandler(h);
        }
        PAHO_JUL.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                Logger paho = LoggerFactory.getLogger(r.getLoggerName() == null ? "org.eclipse.paho" : r.getLoggerName());
                if (!paho.isDebugEnabled()) {
                    return;
                }
                String text = r.getMessage();
                try {
                    if (r.getResourceBundle() != null && text != null && r.getResourceBundle().containsKey(text)) {
                        text = r.getResourceBundle().getString(text);
                    }
                    if (r.getParameters() != null && text != null) {
                        text = java.text.MessageFormat.format(text, r.getParameters());
                    }
                } catch (RuntimeException e) {
                    // keep the raw message
                }
                paho.debug("{} {}", r.getLevel(), text, r.getThrown());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        // Paho formats its trace lines only when its logger is loggable at that level: keep it quiet unless asked
        PAHO_JUL.setLevel(LoggerFactory.getLogger("org.eclipse.paho").isDebugEnabled() ? java.util.logging.Level.FINE
                : java.util.logging.Level.WARNING);
    }

    /** Held here: java.util.logging keeps loggers only weakly, and would forget this configuration. */
    private static final java.util.logging.Logger PAHO_JUL = java.util.logging.Logger.getLogger("org.eclipse.paho");

    static {
        routePahoLogging();
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            try {
                log.info("connection to {} lost: {}", settings.pahoUri(), reason(response));
                if (response.getException() != null && log.isDebugEnabled()) {
                    log.debug("connection lost", response.getException());
                }
                lostAtNanos = System.nanoTime();
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

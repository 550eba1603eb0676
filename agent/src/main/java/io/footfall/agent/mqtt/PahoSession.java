package io.footfall.agent.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
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
 * The one Eclipse Paho client lifecycle, shared by the node ({@link PahoTransport} under the
 * {@link Forwarder}), the platform's {@code receive} and {@code diag}'s {@link BrokerProbe}: one
 * long-lived {@link MqttAsyncClient} with {@link MemoryPersistence} and Paho's automatic reconnect
 * off (see FIELD-NOTES: neither is durable nor reliable); the caller's supervisor decides when to
 * connect again. What differs between the callers is a {@link Profile}.
 *
 * <p>Each connect reads the password from its file (trailing line ends dropped, nothing else), hands
 * it to Paho only and never logs nor keeps it. TLS uses {@link Tls}, built once, with host-name
 * verification on. A connect waits at most the profile's connect timeout; a client whose connect
 * never completed is replaced. Every failure is one line for a person ({@link ConnectFailure}), and
 * Paho's own java.util.logging output goes to our log at DEBUG ({@link #routePahoLogging()}).
 */
public final class PahoSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PahoSession.class);

    /** A retained QoS 1 message the broker publishes when the connection dies without a DISCONNECT. */
    public record Will(String topic, byte[] payload) {
        public Will {
            Objects.requireNonNull(topic, "topic");
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /**
     * What a connection asks of the broker (CONNECT flags and properties) and how this side behaves.
     *
     * @param cleanStart false: resume the session the broker kept under the client id
     * @param sessionExpiry how long the broker keeps the session after the connection ends; zero: not at all
     * @param connectTimeout for the TCP and TLS connect and again for the CONNACK
     * @param maximumPacketSize the largest packet the broker may send us, when bounded
     * @param manualAcks whether {@link #acknowledge} sends the PUBACK of a received message (else Paho does, at once)
     */
    public record Profile(boolean cleanStart, Duration sessionExpiry, Duration keepAlive, Duration connectTimeout, Optional<Will> will,
            OptionalLong maximumPacketSize, boolean manualAcks) {
        public Profile {
            Objects.requireNonNull(sessionExpiry, "sessionExpiry");
            Objects.requireNonNull(keepAlive, "keepAlive");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(will, "will");
            Objects.requireNonNull(maximumPacketSize, "maximumPacketSize");
            if (sessionExpiry.isNegative() || connectTimeout.isNegative() || connectTimeout.isZero() || keepAlive.isNegative()) {
                throw new IllegalArgumentException("session expiry, keep-alive and connect timeout: " + this);
            }
        }

        /** A fresh session each time (clean start, no session kept), as a node and {@code diag} connect. */
        public static Profile fresh(Duration keepAlive, Duration connectTimeout, Optional<Will> will) {
            return new Profile(true, Duration.ZERO, keepAlive, connectTimeout, will, OptionalLong.empty(), false);
        }

        /**
         * A session the broker keeps for {@code sessionExpiry} under a fixed client id, receiving at most
         * {@code maximumPacketSize} bytes per packet, each PUBACK sent by the caller: as the platform subscribes.
         */
        public static Profile persistent(Duration sessionExpiry, Duration keepAlive, Duration connectTimeout, long maximumPacketSize) {
            return new Profile(false, sessionExpiry, keepAlive, connectTimeout, Optional.empty(), OptionalLong.of(maximumPacketSize), true);
        }
    }

    /** Told on Paho's callback thread. */
    public interface Events {
        /** A message on a subscribed topic; with manual acks, PUBACK waits for {@link #acknowledge}. */
        default void messageArrived(String topic, MqttMessage message) {}

        /** The connection was lost or closed by the broker (the reason is already logged); what this throws is logged. */
        default void lost() {}
    }

    private final MqttSettings settings;
    private final Profile profile;
    private final Events events;
    private final Optional<SSLSocketFactory> sslFactory;
    private final String uri;
    private volatile MqttAsyncClient client;
    private volatile long lostAtNanos;
    private int replaced;

    /** @throws MqttTransportException when the TLS files cannot be used or Paho refuses the URI or client id */
    public PahoSession(MqttSettings settings, Profile profile, Events events) {
        routePahoLogging();
        this.settings = Objects.requireNonNull(settings);
        this.profile = Objects.requireNonNull(profile);
        this.events = Objects.requireNonNull(events);
        this.uri = settings.pahoUri();
        this.sslFactory = settings.tls() ? Optional.of(Tls.socketFactory(settings.caFile(), settings.certFile(), settings.keyFile()))
                : Optional.empty();
        this.client = newClient();
    }

    /** The broker as Paho spells it, for messages. */
    public String uri() {
        return uri;
    }

    private MqttAsyncClient newClient() {
        try {
            MqttAsyncClient c = new MqttAsyncClient(uri, settings.clientId(), new MemoryPersistence());
            c.setCallback(new Callback());
            c.setManualAcks(profile.manualAcks());
            return c;
        } catch (MqttException e) {
            throw new MqttTransportException("cannot create MQTT client for " + uri, e);
        }
    }

    MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(profile.cleanStart());
        o.setSessionExpiryInterval(profile.sessionExpiry().toSeconds());
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) Math.max(1, profile.keepAlive().toSeconds()));
        o.setConnectionTimeout((int) Math.max(1, profile.connectTimeout().toSeconds()));
        profile.maximumPacketSize().ifPresent(o::setMaximumPacketSize);
        profile.will().ifPresent(w -> {
            MqttMessage will = new MqttMessage(w.payload());
            will.setQos(1);
            will.setRetained(true);
            o.setWill(w.topic(), will);
        });
        settings.username().ifPresent(o::setUserName);
        settings.passwordFile().ifPresent(f -> o.setPassword(password(f)));
        sslFactory.ifPresent(f -> {
            o.setSocketFactory(f);
            o.setHttpsHostnameVerificationEnabled(true);
        });
        return o;
    }

    /**
     * The password in {@code file}: its bytes with trailing line ends ({@code \n}, {@code \r\n})
     * dropped, so {@code echo secret > file} works; spaces and everything else are kept as they are.
     *
     * @throws MqttTransportException naming {@code mqtt-password-file} when the file cannot be read
     */
    static byte[] password(Path file) {
        try {
            byte[] raw = Files.readAllBytes(file);
            int end = raw.length;
            while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
                end--;
            }
            byte[] pw = Arrays.copyOf(raw, end);
            Arrays.fill(raw, (byte) 0);
            return pw;
        } catch (IOException e) {
            throw new MqttTransportException("cannot read the MQTT password file (mqtt-password-file) " + file, e);
        }
    }

    /**
     * Connects; blocks until the broker's CONNACK or the connect timeout.
     *
     * @return whether the broker had kept a session for us (always false with clean start)
     * @throws MqttTransportException saying why, in {@link ConnectFailure}'s words
     */
    public boolean connect() {
        MqttConnectionOptions o = options();
        lostAtNanos = 0;
        IMqttToken t;
        try {
            t = client.connect(o);
        } catch (MqttException | RuntimeException e) {
            abort();
            throw new MqttTransportException(ConnectFailure.describe(e, uri, settings.tls()), e);
        }
        awaitConnect(t);
        return t.isComplete() && t.getException() == null && t.getSessionPresent();
    }

    /**
     * Waits for the CONNACK. Paho 1.2.5 does not always complete the connect token when the
     * connection is cut before or right after the CONNACK (seen in our fault-injection tests through
     * a TCP proxy), and its own connection timeout does not fire then either: so the wait is bounded
     * here, and a client whose connect did not complete is replaced rather than reused.
     */
    private void awaitConnect(IMqttToken t) {
        long deadline = System.nanoTime() + profile.connectTimeout().toNanos();
        while (true) {
            // a failed connect sets the token's exception but not always its completion
            MqttException failed = t.getException();
            if (failed != null) {
                abort();
                throw new MqttTransportException(ConnectFailure.describe(failed, uri, settings.tls()), failed);
            }
            if (t.isComplete() || client.isConnected()) {
                return;
            }
            long lost = lostAtNanos;
            if (lost != 0 && System.nanoTime() - lost > 300_000_000L) {
                replaceWedgedClient();
                throw new MqttTransportException("connection to " + uri + " lost while connecting");
            }
            if (System.nanoTime() > deadline) {
                replaceWedgedClient();
                throw new MqttTransportException(ConnectFailure.noAnswer(uri) + " (no CONNACK within " + profile.connectTimeout() + ")");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                replaceWedgedClient();
                throw new MqttTransportException("interrupted while connecting to " + uri);
            }
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
        release(old, 100, "the wedged client");
    }

    public boolean connected() {
        return client.isConnected();
    }

    /** Hands one message to Paho; the token completes with the broker's answer. */
    public IMqttToken publish(String topic, MqttMessage message) throws MqttException {
        return client.publish(topic, message);
    }

    /**
     * Subscribes and waits for the SUBACK.
     *
     * @throws MqttTransportException when no SUBACK came in {@code timeout} or the broker refused the
     *     subscription (an MQTT 5 SUBACK reason code of 0x80 or more)
     */
    public void subscribe(String filter, int qos, Duration timeout) {
        try {
            IMqttToken t = client.subscribe(filter, qos);
            t.waitForCompletion(timeout.toMillis());
            int[] codes = t.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new MqttTransportException(String.format("the broker at %s refused the subscription to %s (SUBACK reason code 0x%02X)",
                        uri, filter, codes[0]));
            }
        } catch (MqttException e) {
            throw new MqttTransportException("cannot subscribe to " + filter + " on " + uri + ": " + ConnectFailure.describe(e, uri,
                    settings.tls()), e);
        }
    }

    /** Sends the PUBACK of a received QoS 1 message (with {@link Profile#manualAcks()}); best effort. */
    public void acknowledge(int messageId, int qos) {
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException | RuntimeException e) {
            log.debug("cannot acknowledge message {}: {}", messageId, e.toString());
        }
    }

    /** Best effort orderly DISCONNECT (the broker then does not send the will); on failure, {@link #abort()}. */
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

    /** Drops the connection at once, without DISCONNECT: the broker sends the will, keeps unacknowledged messages. */
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

    /** Releases the client and its threads ({@code close()} after a forced disconnect, FIELD-NOTES); not usable again. */
    @Override
    public void close() {
        release(client, 500, "the MQTT client");
    }

    /** A forced disconnect (waiting at most {@code disconnectMillis}), then {@code close()}: what frees a Paho client's threads. */
    private static void release(MqttAsyncClient c, long disconnectMillis, String what) {
        try {
            c.disconnectForcibly(0, disconnectMillis, false);
        } catch (MqttException | RuntimeException e) {
            // not connected, or wedged
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("closing {}: {}", what, e.toString());
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
        Throwable c = e.getCause();
        return e.getMessage() + " (" + e.getReasonCode() + ")" + (c == null ? "" : ": " + c);
    }

    /** Held here: java.util.logging keeps loggers only weakly, and would forget this configuration. */
    // full name on purpose: Logger in this file is SLF4J's
    private static final java.util.logging.Logger PAHO_JUL = java.util.logging.Logger.getLogger("org.eclipse.paho");

    /** Ours, so that routing twice installs it once. */
    private static final Handler TO_SLF4J = new Handler() {
        @Override
        public void publish(LogRecord r) {
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
                    text = MessageFormat.format(text, r.getParameters());
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
    };

    /**
     * Paho logs through java.util.logging, SEVERE with stack traces for what are ordinary events to
     * us (a broker closing the connection, a refused connect). Everything it logs goes to our log at
     * DEBUG instead, as one line unless DEBUG is on: the session reports what matters itself. Done by
     * every session's constructor; doing it again changes nothing.
     */
    static synchronized void routePahoLogging() {
        PAHO_JUL.setUseParentHandlers(false);
        for (Handler h : PAHO_JUL.getHandlers()) {
            if (h != TO_SLF4J) {
                PAHO_JUL.removeHandler(h);
            }
        }
        if (!Arrays.asList(PAHO_JUL.getHandlers()).contains(TO_SLF4J)) {
            PAHO_JUL.addHandler(TO_SLF4J);
        }
        // Paho formats its trace lines only when its logger is loggable at that level: keep it quiet unless asked
        PAHO_JUL.setLevel(LoggerFactory.getLogger("org.eclipse.paho").isDebugEnabled() ? Level.FINE
                : Level.WARNING);
    }

    static {
        routePahoLogging();
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            try {
                log.info("connection to {} lost: {}", uri, reason(response));
                if (response.getException() != null && log.isDebugEnabled()) {
                    log.debug("connection lost", response.getException());
                }
                lostAtNanos = System.nanoTime();
                events.lost();
            } catch (RuntimeException e) {
                // never let a callback stop Paho's threads; the supervisors poll connected() anyway
                log.warn("connection-lost handler failed", e);
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // not caught: Paho then drops the connection, and the broker delivers the message again
            events.messageArrived(topic, message);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error: {}", ConnectFailure.describe(exception, uri, settings.tls()));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // completion is awaited on each token
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // the caller learns this from connect() returning
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}

package io.footfall.agent.receive;

import io.footfall.hal.Backoff;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.MqttTransportException;
import io.footfall.agent.mqtt.Tls;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
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
 * The platform side: subscribes to {@code footfall/v1/{site}/+/counts} at QoS 1 with a persistent
 * session (MQTT v5 clean start off, a session expiry, a fixed client id), so that what was published
 * while it was away is delivered when it comes back. Each message goes through a {@link Ledger}
 * (de-duplication by id, gap detection by seq) and then to the {@link Listener}; the PUBACK is sent
 * only after the listener returned. Reconnects by itself with backoff.
 */
public final class Receiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Receiver.class);

    /** Told about every message, in arrival order, on the client's callback thread. */
    public interface Listener {
        void window(ReceivedWindow w, boolean duplicate);

        default void gap(Gap gap) {}

        default void malformed(String topic, String problem) {}
    }

    private final MqttSettings settings;
    private final String topicFilter;
    private final Duration sessionExpiry;
    private final Listener listener;
    private final Ledger ledger = new Ledger();
    private final MqttAsyncClient client;
    private final Backoff backoff;
    private final Object lock = new Object();
    private volatile boolean closing;
    private long malformed;
    private Thread thread;

    /**
     * @param site a site id, or {@code +} for all sites
     * @param sessionExpiry how long the broker keeps the session and queues messages while away
     */
    public Receiver(MqttSettings settings, String site, Duration sessionExpiry, Listener listener) {
        this.settings = Objects.requireNonNull(settings);
        this.topicFilter = "footfall/v1/" + site + "/+/counts";
        this.sessionExpiry = sessionExpiry;
        this.listener = Objects.requireNonNull(listener);
        this.backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        try {
            client = new MqttAsyncClient(settings.pahoUri(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new MqttTransportException("cannot create MQTT client for " + settings.pahoUri(), e);
        }
        client.setCallback(new Callback());
    }

    public String topicFilter() {
        return topicFilter;
    }

    /** Starts connecting in the background. */
    public synchronized void start() {
        thread = new Thread(this::supervise, "footfall-receive");
        thread.setDaemon(true);
        thread.start();
    }

    /** Connects now, in the caller's thread, then keeps reconnecting in the background. */
    public void startAndAwaitConnected(Duration timeout) {
        start();
        long until = System.nanoTime() + timeout.toNanos();
        while (!connected()) {
            if (System.nanoTime() > until) {
                throw new MqttTransportException("receiver not connected to " + settings.pahoUri() + " within " + timeout);
            }
            sleep(20);
        }
    }

    public boolean connected() {
        return client.isConnected() && subscribed;
    }

    private volatile boolean subscribed;

    private void supervise() {
        int attempt = 0;
        while (!closing) {
            try {
                if (!client.isConnected()) {
                    subscribed = false;
                    connect();
                    attempt = 0;
                }
                synchronized (lock) {
                    if (!closing && client.isConnected()) {
                        lock.wait(200);
                    }
                }
            } catch (RuntimeException | MqttException e) {
                log.debug("receiver connect failed: {}", e.toString());
                try {
                    client.disconnectForcibly(0, 200, false);
                } catch (MqttException | RuntimeException ignored) {
                    // not connected
                }
                sleep(backoff.delay(attempt++, RandomGenerator.getDefault()).toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void connect() throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(sessionExpiry.toSeconds());
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(5);
        o.setConnectionTimeout(5);
        settings.username().ifPresent(o::setUserName);
        settings.passwordFile().ifPresent(p -> {
            try {
                o.setPassword(Files.readString(p).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new MqttTransportException("cannot read the password file " + p, e);
            }
        });
        if (settings.tls()) {
            o.setSocketFactory(Tls.socketFactory(settings.caFile(), settings.certFile(), settings.keyFile()));
            o.setHttpsHostnameVerificationEnabled(true);
        }
        IMqttToken t = client.connect(o);
        t.waitForCompletion(8_000);
        client.subscribe(topicFilter, 1).waitForCompletion(5_000);
        subscribed = true;
        log.info("receiver subscribed to {} (session present: {})", topicFilter, t.getSessionPresent());
    }

    public List<ReceivedWindow> received() {
        synchronized (ledger) {
            return ledger.received();
        }
    }

    public long duplicates() {
        synchronized (ledger) {
            return ledger.duplicates();
        }
    }

    /** Duplicates that differ from the first arrival with their id; see {@link Ledger#conflicts()}. */
    public long conflicts() {
        synchronized (ledger) {
            return ledger.conflicts();
        }
    }

    public List<Gap> gaps() {
        synchronized (ledger) {
            return ledger.gaps();
        }
    }

    public long malformed() {
        synchronized (ledger) {
            return malformed;
        }
    }

    /** Waits until {@code n} distinct windows arrived; false on timeout. */
    public boolean awaitReceived(int n, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (received().size() < n) {
            if (System.nanoTime() > until) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        closing = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException | RuntimeException e) {
            log.debug("receiver disconnect: {}", e.toString());
        }
        try {
            client.disconnectForcibly(0, 100, false);
        } catch (MqttException | RuntimeException ignored) {
            // already disconnected
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("receiver close: {}", e.toString());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            ReceivedWindow w;
            try {
                w = CountsParser.parse(message.getPayload());
            } catch (RuntimeException e) {
                synchronized (ledger) {
                    malformed++;
                }
                safely(() -> listener.malformed(topic, e.getMessage()));
                return;
            }
            Ledger.Outcome outcome;
            synchronized (ledger) {
                outcome = ledger.accept(w);
            }
            safely(() -> {
                for (Gap g : outcome.newGaps()) {
                    listener.gap(g);
                }
                listener.window(w, outcome.duplicate());
            });
        }

        private void safely(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("receive listener failed", e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            subscribed = false;
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.debug("receiver MQTT error: {}", exception.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}

package io.footfall.agent.mqtt;

import io.footfall.agent.outbox.Outbox;
import io.footfall.agent.outbox.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drains the outbox to the broker. Placeholder until the delivery branch lands. */
public final class Forwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private final MqttSettings settings;
    private final Topics topics;
    private final Outbox outbox;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private volatile boolean running;
    private Thread thread;
    private MqttClient client;

    public Forwarder(MqttSettings settings, Topics topics, Outbox outbox) {
        this.settings = settings;
        this.topics = topics;
        this.outbox = outbox;
    }

    public void start() {
        running = true;
        thread = new Thread(this::loop, "forwarder");
        thread.start();
    }

    public void wake() {
        lock.lock();
        try {
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean connected() {
        MqttClient c = client;
        return c != null && c.isConnected();
    }

    public void publishHealth(byte[] json) {
        try {
            if (connected()) {
                client.publish(topics.health(), json, 0, false);
            }
        } catch (MqttException e) {
            LOG.debug("health not published: {}", e.getMessage());
        }
    }

    private void loop() {
        long backoff = settings.backoffMin().toMillis();
        while (running) {
            try {
                if (!connected()) {
                    connect();
                    backoff = settings.backoffMin().toMillis();
                }
                var batch = outbox.oldest(100);
                for (OutboxMessage m : batch) {
                    client.publish(m.topic(), m.payload(), 1, false);
                    outbox.delete(m.seq());
                }
                if (batch.isEmpty()) {
                    lock.lock();
                    try {
                        woken.await(1, TimeUnit.SECONDS);
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("broker {}: {}; retrying in {} ms", settings.broker(), e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff + ThreadLocalRandom.current().nextLong(backoff + 1));
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, settings.backoffMax().toMillis());
            }
        }
    }

    private void connect() throws MqttException {
        if (client == null) {
            client = new MqttClient(settings.broker(), settings.clientId(), new MemoryPersistence());
        }
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(false);
        o.setCleanStart(true);
        o.setWill(topics.status(), new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null));
        client.connect(o);
        client.publish(topics.status(), "online".getBytes(StandardCharsets.UTF_8), 1, true);
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (client != null) {
                if (client.isConnected()) {
                    client.publish(topics.status(), "offline".getBytes(StandardCharsets.UTF_8), 1, true);
                    client.disconnect();
                }
                client.close();
            }
        } catch (MqttException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }
}

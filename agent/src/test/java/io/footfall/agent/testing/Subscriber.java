package io.footfall.agent.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A plain MQTT v5 subscriber that records every message it receives, in order. */
public final class Subscriber implements AutoCloseable {
    /** @param retained whether the broker delivered it as a retained message */
    public record Received(String topic, String payload, boolean retained) {}

    private final MqttClient client;
    private final List<Received> received = new ArrayList<>();

    public Subscriber(String uri, String filter) throws MqttException {
        client = new MqttClient(uri, "test-sub-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                synchronized (received) {
                    received.add(new Received(topic, new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8), m.isRetained()));
                    received.notifyAll();
                }
            }

            @Override
            public void deliveryComplete(IMqttToken t) {}

            @Override
            public void connectComplete(boolean reconnect, String uri) {}

            @Override
            public void authPacketArrived(int reason, MqttProperties p) {}
        });
        client.connect(new MqttConnectionOptions());
        client.subscribe(filter, 1);
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until {@code count} received messages match, or the timeout passes; returns the matching ones. */
    public List<Received> await(Predicate<Received> match, int count, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (received) {
            while (true) {
                List<Received> m = received.stream().filter(match).toList();
                long left = deadline - System.nanoTime();
                if (m.size() >= count || left <= 0) {
                    return m;
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}

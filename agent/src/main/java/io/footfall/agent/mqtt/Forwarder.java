package io.footfall.agent.mqtt;

import io.footfall.hal.Backoff;
import io.footfall.agent.outbox.Outbox;
import io.footfall.agent.outbox.OutboxMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the {@link Outbox} to the broker: our own connection supervisor over one long-lived client.
 *
 * <p>One supervisor thread connects from boot, also while the broker is down, retrying with
 * jittered exponential backoff between {@link MqttSettings#backoffMin()} and
 * {@link MqttSettings#backoffMax()}. On each connect it publishes the retained {@code online}
 * status (the last will is the retained {@code offline}), then publishes the outbox's messages
 * oldest first at QoS 1, up to {@link Timing#inflight()} at a time, and deletes each from the outbox
 * only after its PUBACK. A message whose PUBACK did not arrive is published again after the next
 * connect, with the same id: duplicates are possible, loss is not. Nothing is buffered in memory:
 * the outbox is the only queue.
 *
 * <p>Every failure inside the loop (connect, publish, acknowledgement, outbox) is logged and
 * retried after the backoff; the loop ends only in {@link #close()}.
 */
public final class Forwarder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final long BEAT_NANOS = 5_000_000_000L;

    /**
     * Protocol timing. {@code keepAlive} also bounds how long a silent broker (a partition) goes
     * unnoticed (1.5 x keep-alive); {@code ackTimeout} bounds the wait for one PUBACK before the
     * connection is dropped and re-opened; {@code idleDrain} is how often the outbox is looked at
     * without a {@link #wake()}.
     */
    public record Timing(Duration keepAlive, Duration connectTimeout, Duration ackTimeout, int inflight, Duration idleDrain) {
        public Timing {
            Objects.requireNonNull(keepAlive);
            Objects.requireNonNull(connectTimeout);
            Objects.requireNonNull(ackTimeout);
            Objects.requireNonNull(idleDrain);
            if (inflight < 1 || inflight > 20) {
                throw new IllegalArgumentException("inflight 1..20 (Mosquitto's default receive maximum is 20), got " + inflight);
            }
        }

        /**
         * Keep-alive 600 s, connect timeout 10 s, PUBACK timeout 20 s, 16 in flight, look every 30 s.
         * The keep-alive is twice the default 5-minute window, so a connection that carries a window
         * every 5 minutes needs no PINGREQ at all (over TLS each costs about 64 bytes: 92 KB a day at
         * a 60 s keep-alive, 17 KB at 300 s). A dead connection is still noticed by the node at the
         * next window's PUBACK timeout; the broker publishes the {@code offline} will after 15 minutes
         * of silence (1.5 x keep-alive). See docs/BENCHMARKS.md.
         */
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(600), Duration.ofSeconds(10), Duration.ofSeconds(20), 16, Duration.ofSeconds(30));
        }
    }

    /**
     * What health reports about delivery.
     *
     * @param connectAttempts connects tried, successful or not
     * @param connects connects that got as far as the acknowledged {@code online} status
     * @param delivered messages acknowledged by the broker and deleted from the outbox
     */
    public record Status(boolean connected, long connectAttempts, long connects, long delivered, Optional<String> lastError) {}

    private final Topics topics;
    private final Outbox outbox;
    private final Timing timing;
    private final Backoff backoff;
    private final MqttTransport transport;
    private final Object lock = new Object();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile Optional<String> lastError = Optional.empty();
    private volatile boolean closing;
    /** {@link System#nanoTime()} at the supervisor's last sign of life, for the systemd watchdog. */
    private volatile long lastBeat = System.nanoTime();
    private boolean woken;
    private Thread supervisor;

    public Forwarder(MqttSettings settings, Topics topics, Outbox outbox) {
        this(settings, topics, outbox, Timing.defaults());
    }

    public Forwarder(MqttSettings settings, Topics topics, Outbox outbox, Timing timing) {
        this.topics = Objects.requireNonNull(topics);
        this.outbox = Objects.requireNonNull(outbox);
        this.timing = Objects.requireNonNull(timing);
        this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax());
        this.transport = new PahoTransport(settings, timing, topics.status(), StatusPayload.offline(topics), this::wake);
    }

    /** Starts the supervisor thread and returns at once; connecting happens in the background. */
    public synchronized void start() {
        if (supervisor != null) {
            throw new IllegalStateException("already started");
        }
        supervisor = new Thread(this::supervise, "footfall-mqtt-" + topics.node());
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** A message was appended to the outbox: drain now instead of at the next idle look. */
    public void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    /**
     * {@link System#nanoTime()} at the delivery loop's last sign of life: it beats at least every
     * 5 s while waiting, and after each connect and acknowledgement.
     */
    public long lastBeatNanos() {
        return lastBeat;
    }

    /** The longest a live delivery loop goes without a beat: a connect, then one acknowledgement, with room to spare. */
    public Duration maxSilence() {
        return timing.connectTimeout().plus(timing.ackTimeout().multipliedBy(2)).plusSeconds(30);
    }

    public boolean connected() {
        return transport.connected();
    }

    public Status status() {
        return new Status(transport.connected(), attempts.get(), connects.get(), delivered.get(), lastError);
    }

    /** Best effort: QoS 0, not retained, dropped when not connected. Never throws. */
    public void publishHealth(byte[] json) {
        if (closing || !transport.connected()) {
            return;
        }
        try {
            transport.publish(topics.health(), json, 0, false);
        } catch (RuntimeException e) {
            log.debug("health dropped: {}", e.toString());
        }
    }

    /**
     * Stops the supervisor, publishes the retained {@code offline} status if connected, disconnects
     * and releases the client and its threads. Messages not yet acknowledged stay in the outbox.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closing = true;
            t = supervisor;
        }
        synchronized (lock) {
            lock.notifyAll();
        }
        if (t != null) {
            try {
                t.join(timing.connectTimeout().plus(timing.ackTimeout()).toMillis() + 5_000);
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (transport.connected()) {
            try {
                transport.publish(topics.status(), StatusPayload.offline(topics), 1, true).await(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                log.debug("offline status not acknowledged: {}", e.toString());
            }
            transport.disconnect();
        }
        transport.close();
    }

    private void supervise() {
        int attempt = 0;
        while (!closing) {
            lastBeat = System.nanoTime();
            try {
                if (!transport.connected()) {
                    attempts.incrementAndGet();
                    transport.connect();
                    connects.incrementAndGet();
                    transport.publish(topics.status(), StatusPayload.online(topics), 1, true).await(timing.ackTimeout());
                    log.info("connected to the broker as {}", topics.node());
                    attempt = 0;
                }
                if (!drainBatch()) {
                    idle(timing.idleDrain());
                }
            } catch (RuntimeException e) {
                lastError = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
                if (attempt == 0) {
                    log.warn("delivery interrupted, retrying with backoff: {}", lastError.get());
                } else {
                    log.debug("retry {} failed: {}", attempt, lastError.get());
                }
                transport.abort();
                pause(backoff.delay(attempt++, RandomGenerator.getDefault()));
            } catch (Error e) {
                log.error("delivery supervisor failed", e);
                throw e;
            }
        }
    }

    /** Publishes up to {@code inflight} of the oldest messages; true when the outbox may hold more. */
    private boolean drainBatch() {
        List<OutboxMessage> batch = outbox.oldest(timing.inflight());
        if (batch.isEmpty()) {
            return false;
        }
        List<MqttTransport.Delivery> sent = new ArrayList<>(batch.size());
        long acked = -1;
        int count = 0;
        try {
            RuntimeException publishFailure = null;
            for (OutboxMessage m : batch) {
                try {
                    sent.add(transport.publish(m.topic(), m.payload(), 1, false));
                } catch (RuntimeException e) {
                    publishFailure = e;
                    break;
                }
            }
            for (int i = 0; i < sent.size(); i++) {
                sent.get(i).await(timing.ackTimeout());
                lastBeat = System.nanoTime();
                acked = batch.get(i).seq();
                count++;
            }
            if (publishFailure != null) {
                throw publishFailure;
            }
        } finally {
            if (acked >= 0) {
                outbox.deleteThrough(acked);
                delivered.addAndGet(count);
            }
        }
        return batch.size() == timing.inflight();
    }

    private void idle(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            while (!woken && !closing && transport.connected()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                waitOn(left);
            }
            woken = false;
        }
    }

    private void pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            while (!closing) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                waitOn(left);
            }
        }
    }

    private void waitOn(long nanos) {
        try {
            lock.wait(Math.max(1, Math.min(nanos, BEAT_NANOS) / 1_000_000), 0);
            lastBeat = System.nanoTime();
        } catch (InterruptedException e) {
            closing = true;
            Thread.currentThread().interrupt();
        }
    }
}

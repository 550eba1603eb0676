package io.footfall.agent.mqtt;

import io.footfall.hal.Backoff;
import io.footfall.agent.outbox.Outbox;
import io.footfall.agent.outbox.OutboxException;
import io.footfall.agent.outbox.OutboxMessage;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
 * <p><b>Identity.</b> Every counts message goes to this node's own {@link Topics#counts()}, whatever
 * topic it was stored with: a node renamed on the same data directory publishes the windows stored
 * under its old name under its new topic, with their original id and bytes (docs/DELIVERY.md).
 *
 * <p><b>Answers.</b> A PUBACK with an error reason code (0x80 or more, e.g. 0x87 not authorized from
 * a broker ACL) is an answer, not a failure: the message is counted as refused, set aside (kept in
 * the outbox, not published again until the next connect or for an hour) and the next one goes out.
 * A message the broker acknowledged but the outbox could not delete (read-only file, full disk) is
 * remembered in memory and never published again by this process; the delete is retried with
 * backoff until the store can be written again.
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

    /** How long a message the broker refused is set aside before it is tried again (also after every new connect). */
    static final Duration REFUSED_RETRY = Duration.ofHours(1);

    /**
     * What health reports about delivery.
     *
     * @param connectAttempts connects tried, successful or not
     * @param connects connects that got as far as the acknowledged {@code online} status
     * @param delivered messages the broker accepted (PUBACK below 0x80)
     * @param lastError the last failure of the loop: connect, acknowledgement, or the outbox's own error
     * @param refused publishes the broker answered with an error reason code (0x80 or more)
     * @param lastRefusal when, which message and which reason code, e.g. {@code 0x87 not authorized}
     * @param undeleted acknowledged messages the outbox could not delete yet; never published again
     */
    public record Status(boolean connected, long connectAttempts, long connects, long delivered, Optional<String> lastError,
            long refused, Optional<String> lastRefusal, long undeleted) {
        public Status {
            Objects.requireNonNull(lastError);
            Objects.requireNonNull(lastRefusal);
        }
    }

    private final Topics topics;
    private final Outbox outbox;
    private final Timing timing;
    private final Backoff backoff;
    private final MqttTransport transport;
    private final Object lock = new Object();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong refusedCount = new AtomicLong();
    private volatile Optional<String> lastError = Optional.empty();
    private volatile Optional<String> lastRefusal = Optional.empty();
    // The supervisor thread's own state:
    /** Everything stored up to here was answered on this connection; reading goes on after it. */
    private long cursor;
    /** Acknowledged, not yet deleted (seq to id): never published again by this process. */
    private final TreeMap<Long, String> acked = new TreeMap<>();
    private volatile int ackedCount;
    /** Refused by the broker (seq to id): set aside until the next connect or {@link #REFUSED_RETRY}. */
    private final TreeMap<Long, String> refused = new TreeMap<>();
    private long refusedSince;
    private long nextDeleteAt;
    private int deleteAttempt;
    private final Set<String> foreignLogged = new HashSet<>();
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
        this.transport = new PahoTransport(settings, timing, Optional.of(new PahoSession.Will(topics.status(), StatusPayload.offline(topics))),
                this::wake);
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
        return new Status(transport.connected(), attempts.get(), connects.get(), delivered.get(), lastError, refusedCount.get(),
                lastRefusal, ackedCount);
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
        if ((t == null || !t.isAlive()) && !acked.isEmpty()) {
            // one last try, so that what the broker has is not sent again after the restart
            try {
                outbox.deleteAcknowledged(new TreeMap<>(acked));
                acked.clear();
            } catch (RuntimeException e) {
                log.info("stopping with {} acknowledged messages the outbox could not delete; they are sent once more after the restart: {}",
                        acked.size(), message(e));
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
        int outboxAttempt = 0;
        while (!closing) {
            lastBeat = System.nanoTime();
            try {
                if (!transport.connected()) {
                    attempts.incrementAndGet();
                    transport.connect();
                    connects.incrementAndGet();
                    MqttTransport.Ack online = transport.publish(topics.status(), StatusPayload.online(topics), 1, true).await(timing.ackTimeout());
                    if (online.refused()) {
                        log.warn("the broker refused the online status on {}: {}", topics.status(), online.describe());
                    }
                    log.info("connected to the broker as {}", topics.node());
                    attempt = 0;
                    cursor = 0;
                    refused.clear();
                }
                if (!drainBatch()) {
                    idle(timing.idleDrain());
                    cursor = 0; // read from the oldest again: a window merged meanwhile may sit below the cursor
                }
                outboxAttempt = 0;
            } catch (OutboxException e) {
                // the store failed, not the connection: keep it, and look again after the backoff
                lastError = Optional.of(message(e));
                if (outboxAttempt == 0) {
                    log.warn("cannot read the outbox, retrying with backoff: {}", lastError.get());
                }
                pause(backoff.delay(outboxAttempt++, RandomGenerator.getDefault()));
            } catch (RuntimeException e) {
                String why = message(e);
                if (attempt == 0 || !why.equals(lastError.orElse(""))) {
                    // one line per new reason: a broker that comes back refusing us is worth saying
                    log.warn("delivery interrupted, retrying with backoff: {}", why);
                } else {
                    log.debug("retry {} failed: {}", attempt, why);
                }
                lastError = Optional.of(why);
                transport.abort();
                pause(backoff.delay(attempt++, RandomGenerator.getDefault()));
            } catch (Error e) {
                log.error("delivery supervisor failed", e);
                throw e;
            }
        }
    }

    /**
     * Publishes up to {@code inflight} of the oldest messages not yet answered on this connection, in
     * seq order, and awaits their answers in order; true when the outbox may hold more.
     */
    private boolean drainBatch() {
        deleteAcknowledged();
        if (!refused.isEmpty() && System.nanoTime() - refusedSince > REFUSED_RETRY.toNanos()) {
            refused.clear();
            cursor = 0;
        }
        List<OutboxMessage> batch = new ArrayList<>();
        long readTo = cursor;
        boolean more;
        do {
            List<OutboxMessage> next = outbox.oldest(readTo, timing.inflight());
            if (next.isEmpty()) {
                cursor = readTo;
                return false;
            }
            for (OutboxMessage m : next) {
                if (!m.id().equals(acked.get(m.seq())) && !m.id().equals(refused.get(m.seq()))) {
                    batch.add(m);
                }
            }
            readTo = next.get(next.size() - 1).seq();
            more = next.size() == timing.inflight();
        } while (batch.isEmpty() && more);
        if (batch.isEmpty()) {
            cursor = readTo;
            return false;
        }
        List<MqttTransport.Delivery> sent = new ArrayList<>(batch.size());
        int count = 0;
        try {
            RuntimeException publishFailure = null;
            for (OutboxMessage m : batch) {
                noteForeignIdentity(m);
                try {
                    sent.add(transport.publish(topics.counts(), payloadUnderThisIdentity(m), 1, false));
                } catch (RuntimeException e) {
                    publishFailure = e;
                    break;
                }
            }
            for (int i = 0; i < sent.size(); i++) {
                OutboxMessage m = batch.get(i);
                MqttTransport.Ack ack = sent.get(i).await(timing.ackTimeout());
                lastBeat = System.nanoTime();
                if (ack.refused()) {
                    setAside(m, ack);
                } else {
                    acked.put(m.seq(), m.id());
                    count++;
                }
            }
            if (publishFailure != null) {
                throw publishFailure;
            }
            cursor = readTo;
        } finally {
            if (count > 0) {
                delivered.addAndGet(count);
                ackedCount = acked.size();
                deleteAcknowledged();
            }
        }
        return more;
    }

    /**
     * Deletes what the broker acknowledged, unless a failed delete is still backing off. A failure is
     * kept (lastError, the outbox's own faults) and never thrown: the messages stay remembered and are
     * not published again, and delivery of newer ones goes on.
     */
    private void deleteAcknowledged() {
        if (acked.isEmpty() || (deleteAttempt > 0 && System.nanoTime() - nextDeleteAt < 0)) {
            return;
        }
        try {
            outbox.deleteAcknowledged(new TreeMap<>(acked));
            if (deleteAttempt > 0) {
                log.info("the outbox can delete again: {} acknowledged messages removed", acked.size());
            }
            acked.clear();
            deleteAttempt = 0;
        } catch (RuntimeException e) {
            lastError = Optional.of(message(e));
            if (deleteAttempt == 0) {
                log.warn("cannot delete {} acknowledged messages from the outbox; they are not published again, retrying with backoff: {}",
                        acked.size(), lastError.get());
            }
            nextDeleteAt = System.nanoTime() + backoff.delay(deleteAttempt++, RandomGenerator.getDefault()).toNanos();
        } finally {
            ackedCount = acked.size();
        }
    }

    private void setAside(OutboxMessage m, MqttTransport.Ack ack) {
        if (refused.isEmpty()) {
            refusedSince = System.nanoTime();
        }
        refused.put(m.seq(), m.id());
        refusedCount.incrementAndGet();
        lastRefusal = Optional.of(Instant.now() + " " + m.id() + " on " + topics.counts() + ": " + ack.describe());
        log.warn("broker refused {} on {} with {}; kept in the outbox and tried again after the next connect", m.id(), topics.counts(),
                ack.describe());
    }

    /** Says once per former identity that its windows now go out under this node's topic and name. */
    private void noteForeignIdentity(OutboxMessage m) {
        String storedAs = m.id().substring(0, Math.max(0, m.id().indexOf('/')));
        if (!m.topic().equals(topics.counts()) && foreignLogged.add(m.topic())) {
            log.info("the outbox holds windows stored as node '{}' on {} (from {}); they are published on this node's topic {} under "
                    + "its site and node, with the same stream and seq", storedAs, m.topic(), m.id(), topics.counts());
        }
    }

    /**
     * The payload to publish: as stored, or, for a window stored under a former site or node (the
     * node was renamed on the same data directory), the same window re-labelled with this node's
     * {@code site}, {@code node} and {@code id} ({@code node/stream/seq}: stream and seq unchanged).
     * A platform binds a payload's identity to its topic and would refuse the stored one; the stream
     * goes on under the new name without a gap. Deterministic, so every re-send is byte-identical.
     */
    byte[] payloadUnderThisIdentity(OutboxMessage m) {
        if (m.topic().equals(topics.counts())) {
            return m.payload();
        }
        try {
            Map<String, Object> tree = new LinkedHashMap<>(JSON.std.mapFrom(m.payload()));
            String id = m.id();
            tree.put("site", topics.site());
            tree.put("node", topics.node());
            tree.put("id", topics.node() + id.substring(id.indexOf('/')));
            return JSON.std.asBytes(tree);
        } catch (IOException | RuntimeException e) {
            // never block the queue on one window: it goes out as stored, and the platform reports it
            log.warn("cannot re-label stored window {} for {}, publishing it as stored: {}", m.id(), topics.counts(), e.toString());
            return m.payload();
        }
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
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

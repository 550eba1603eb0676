package io.footfall.agent.receive;

import io.footfall.agent.kinds.Kinds;
import io.footfall.hal.Backoff;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.MqttTransportException;
import io.footfall.agent.mqtt.PahoSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform side: subscribes to {@code footfall/v1/{site}/+/counts} at QoS 1 with a persistent
 * session (MQTT v5 clean start off, a session expiry, a fixed client id), so that what was published
 * while it was away is delivered when it comes back. Each message goes through a {@link Ledger}
 * (de-duplication by id, gap detection by seq) and then to the {@link Listener}; the PUBACK is sent
 * only after the listener returned. Reconnects by itself with backoff, through the same
 * {@link PahoSession} lifecycle as the node (credentials, TLS, error reasons).
 *
 * <p>Hostile input cannot fool or sink it: a payload over {@link Options#maxPayloadBytes()} is
 * rejected unparsed (and the broker is told, through the MQTT v5 maximum packet size, to send
 * nothing over {@link #MAX_PACKET_BYTES}); every payload is checked against
 * docs/schema/counts.schema.json ({@link CountsParser}); the site and node a payload claims must be
 * those of the topic it came on, so a client allowed to publish on one node's topic cannot speak for
 * another; the same id with other content is reported as a conflict and the first arrival stands;
 * the ledger's memory is bounded ({@link Ledger.Limits}). Every rejection reaches
 * {@link Listener#rejected}.
 */
public final class Receiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Receiver.class);

    /** Told about every message, in arrival order, on the client's callback thread. */
    public interface Listener {
        /** A valid message: a new window, or a duplicate of one (same id, same content). */
        void window(ReceivedWindow w, boolean duplicate);

        default void gap(Gap gap) {}

        /** Same id as an earlier window but other content, or seqs already received under other ids; not taken. */
        default void conflict(String topic, ReceivedWindow w) {}

        /** Not taken at all: oversized, malformed, or published on another node's topic. */
        default void rejected(String topic, Rejection why) {}
    }

    /** Largest MQTT packet the broker may send us (MQTT v5 maximum packet size): 1 MiB. */
    public static final int MAX_PACKET_BYTES = 1 << 20;

    /** Short: a receiver notices a dead connection within seconds and resumes its session. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What to subscribe to and how much to keep.
     *
     * @param site a site id, or {@code +} for all sites
     * @param shareGroup an MQTT v5 shared-subscription group: receivers in one group split the
     *     messages between them ({@code $share/GROUP/footfall/v1/{site}/+/counts})
     * @param sessionExpiry how long the broker keeps the session and queues messages while away
     * @param maxPayloadBytes larger payloads are rejected without being parsed
     */
    public record Options(String site, Optional<String> shareGroup, Duration sessionExpiry, Ledger.Limits limits, int maxPayloadBytes) {
        /** 64 KiB: a counts message is about 1 KiB, a merged one with many passages a few. */
        public static final int DEFAULT_MAX_PAYLOAD = 64 * 1024;

        public Options {
            Objects.requireNonNull(site);
            Objects.requireNonNull(shareGroup);
            Objects.requireNonNull(sessionExpiry);
            Objects.requireNonNull(limits);
            if (maxPayloadBytes < 1 || maxPayloadBytes > MAX_PACKET_BYTES - 1024) {
                throw new IllegalArgumentException("maxPayloadBytes " + maxPayloadBytes + " not in 1.." + (MAX_PACKET_BYTES - 1024));
            }
        }

        public static Options of(String site, Duration sessionExpiry) {
            return new Options(site, Optional.empty(), sessionExpiry, Ledger.Limits.DEFAULT, DEFAULT_MAX_PAYLOAD);
        }

        public Options withShareGroup(String group) {
            return new Options(site, Optional.of(group), sessionExpiry, limits, maxPayloadBytes);
        }

        public Options withLimits(Ledger.Limits l) {
            return new Options(site, shareGroup, sessionExpiry, l, maxPayloadBytes);
        }

        public Options withMaxPayloadBytes(int n) {
            return new Options(site, shareGroup, sessionExpiry, limits, n);
        }

        String topicFilter() {
            String plain = "footfall/v1/" + site + "/+/counts";
            return shareGroup.map(g -> "$share/" + g + "/" + plain).orElse(plain);
        }
    }

    private final MqttSettings settings;
    private final String topicFilter;
    private final Duration sessionExpiry;
    private final Listener listener;
    private final Ledger ledger;
    private final Optional<Sink> sink;
    private long stored;
    private volatile int sinkFailures;
    /** Incremented on every connect: an acknowledgement is only sent on the connection its message came on. */
    private volatile long epoch;
    private final Object batchLock = new Object();
    private final List<Pending> batch = new ArrayList<>();
    private long batchSince;
    private final ScheduledExecutorService flusher;

    /** A window taken from the wire, waiting for the sink's commit before its PUBACK. */
    private record Pending(String topic, ReceivedWindow w, Ledger.Outcome outcome, int messageId, int qos, long epoch) {}

    /**
     * Windows put into the sink in one go: at most this many (the broker's in-flight window to us
     * usually bounds a batch first: Mosquitto's max_inflight_messages, 20 by default), or what
     * arrived within {@link #BATCH_WAIT_MS}.
     */
    static final int MAX_BATCH = 500;
    static final long BATCH_WAIT_MS = 5;
    private volatile boolean reconnect;
    private long sinkFailuresTotal;
    private final int maxPayloadBytes;
    private volatile String lastFailure = "no attempt yet";
    private final PahoSession session;
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
        this(settings, Options.of(site, sessionExpiry), listener);
    }

    public Receiver(MqttSettings settings, Options options, Listener listener) {
        this(settings, options, Optional.empty(), listener);
    }

    /**
     * @param sink where each valid window is put before the PUBACK ({@link Sink}); its verdict
     *     (stored, duplicate, conflict) is what the listener is told
     */
    public Receiver(MqttSettings settings, Options options, Optional<Sink> sink, Listener listener) {
        this.settings = Objects.requireNonNull(settings);
        this.sink = Objects.requireNonNull(sink);
        this.topicFilter = options.topicFilter();
        this.sessionExpiry = options.sessionExpiry();
        this.ledger = new Ledger(options.limits());
        this.maxPayloadBytes = options.maxPayloadBytes();
        this.listener = Objects.requireNonNull(listener);
        this.backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        Handler handler = new Handler();
        // we acknowledge ourselves, after the sink stored the window; Paho's own ack would come even when it failed
        session = new PahoSession(settings, PahoSession.Profile.persistent(sessionExpiry, KEEP_ALIVE, CONNECT_TIMEOUT, MAX_PACKET_BYTES),
                new PahoSession.Events() {
                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        handler.messageArrived(topic, message);
                    }

                    @Override
                    public void lost() {
                        subscribed = false;
                        synchronized (lock) {
                            lock.notifyAll();
                        }
                    }
                });
        if (sink.isPresent()) {
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "footfall-receive-flush");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::flushIfDue, BATCH_WAIT_MS, BATCH_WAIT_MS, TimeUnit.MILLISECONDS);
        } else {
            flusher = null;
        }
    }

    public String topicFilter() {
        return topicFilter;
    }

    /** {@code …/+/health} beside {@code …/+/counts}, subscribed when the sink keeps health. */
    String healthFilter() {
        return topicFilter.substring(0, topicFilter.length() - "counts".length()) + "health";
    }

    private boolean keepsHealth() {
        return sink.isPresent() && sink.get().keepsHealth();
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
                throw new MqttTransportException("not connected to " + settings.pahoUri() + " within " + timeout + ": " + lastFailure);
            }
            sleep(20);
        }
    }

    public boolean connected() {
        return session.connected() && subscribed;
    }

    private volatile boolean subscribed;

    private void supervise() {
        int attempt = 0;
        while (!closing) {
            try {
                if (reconnect && session.connected()) {
                    // the sink failed: drop the connection, so the broker delivers what we did not acknowledge again
                    subscribed = false;
                    session.abort();
                }
                if (!session.connected()) {
                    subscribed = false;
                    reconnect = false;
                    int failing = sinkFailures;
                    if (failing > 0) {
                        // the store failed and the broker will deliver the same message again at once: give the store time
                        sleep(backoff.delay(failing - 1, RandomGenerator.getDefault()).toMillis());
                    }
                    connect();
                    attempt = 0;
                }
                synchronized (lock) {
                    if (!closing && session.connected()) {
                        lock.wait(200);
                    }
                }
            } catch (RuntimeException e) {
                String why = e instanceof MqttTransportException ? e.getMessage() : e.toString();
                if (!why.equals(lastFailure)) {
                    log.warn("receiver cannot connect: {}", why);
                }
                lastFailure = why;
                session.abort();
                sleep(backoff.delay(attempt++, RandomGenerator.getDefault()).toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void connect() {
        epoch++;
        boolean sessionPresent = session.connect();
        session.subscribe(topicFilter, 1, SUBSCRIBE_TIMEOUT);
        if (keepsHealth()) {
            // health is published at QoS 0: the last snapshot per node, nothing to acknowledge
            session.subscribe(healthFilter(), 0, SUBSCRIBE_TIMEOUT);
        }
        subscribed = true;
        lastFailure = "connected, then lost";
        log.info("receiver subscribed to {} (session present: {})", topicFilter, sessionPresent);
    }

    /** The last {@link Ledger.Limits#keptWindows()} distinct windows, in arrival order. */
    public List<ReceivedWindow> received() {
        synchronized (ledger) {
            return ledger.received();
        }
    }

    /** How many windows this receiver put into its {@link Sink} first (others may have stored the rest). */
    public long stored() {
        synchronized (ledger) {
            return stored;
        }
    }

    /** How many times the {@link Sink} failed, each time leaving a message unacknowledged. */
    public long storeFailures() {
        synchronized (ledger) {
            return sinkFailuresTotal;
        }
    }

    /** How many distinct windows arrived. */
    public long distinct() {
        synchronized (ledger) {
            return ledger.distinct();
        }
    }

    /** Seq ranges and streams the ledger dropped to stay within its limits. */
    public long forgotten() {
        synchronized (ledger) {
            return ledger.forgotten();
        }
    }

    /** Why the last connection attempt failed, for a person. */
    public String lastFailure() {
        return lastFailure;
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

    /** Messages rejected before the ledger: oversized, malformed or on another node's topic. */
    public long rejected() {
        synchronized (ledger) {
            return malformed;
        }
    }

    /** Waits until {@code n} distinct windows arrived; false on timeout. */
    public boolean awaitReceived(int n, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (distinct() < n) {
            if (System.nanoTime() > until) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (batchLock) {
                if (!batch.isEmpty()) {
                    flushLocked();
                }
            }
        }
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
        session.disconnect();
        session.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushIfDue() {
        synchronized (batchLock) {
            if (!batch.isEmpty() && System.nanoTime() - batchSince >= TimeUnit.MILLISECONDS.toNanos(BATCH_WAIT_MS)) {
                flushLocked();
            }
        }
    }

    /**
     * Puts the batch into the sink in one go, then tells the listener and acknowledges each message on
     * the connection it came on. A sink that fails leaves the whole batch unacknowledged and has the
     * supervisor reconnect, so the broker delivers it again.
     */
    private void flushLocked() {
        List<Pending> b = new ArrayList<>(batch);
        batch.clear();
        List<Sink.Item> items = new ArrayList<>();
        for (Pending p : b) {
            if (p.outcome().verdict() != Ledger.Verdict.CONFLICT) {
                items.add(new Sink.Item(p.topic(), p.w()));
            }
        }
        List<Sink.Put> puts;
        try {
            puts = sink.get().putAll(items);
            for (Pending p : b) {
                if (p.outcome().verdict() == Ledger.Verdict.CONFLICT) {
                    sink.get().conflict(p.topic(), p.w());
                }
            }
            sinkFailures = 0;
        } catch (RuntimeException e) {
            sinkFailures = Math.min(sinkFailures + 1, 30);
            synchronized (ledger) {
                sinkFailuresTotal++;
            }
            lastFailure = "the store failed: " + e.getMessage();
            log.warn("cannot store {} windows; leaving them unacknowledged for the broker to deliver again after a reconnect: {}", b.size(),
                    e.getMessage());
            reconnect = true;
            synchronized (lock) {
                lock.notifyAll();
            }
            return;
        }
        int i = 0;
        for (Pending p : b) {
            Ledger.Verdict told = Ledger.Verdict.CONFLICT;
            if (p.outcome().verdict() != Ledger.Verdict.CONFLICT) {
                Sink.Put put = puts.get(i++);
                told = switch (put) {
                    case STORED -> Ledger.Verdict.NEW;
                    case DUPLICATE -> Ledger.Verdict.DUPLICATE;
                    case CONFLICT -> Ledger.Verdict.CONFLICT;
                };
                if (put == Sink.Put.STORED) {
                    synchronized (ledger) {
                        stored++;
                    }
                }
            }
            Ledger.Verdict verdict = told;
            tell(() -> {
                for (Gap g : p.outcome().newGaps()) {
                    listener.gap(g);
                }
                if (verdict == Ledger.Verdict.CONFLICT) {
                    listener.conflict(p.topic(), p.w());
                } else {
                    listener.window(p.w(), verdict == Ledger.Verdict.DUPLICATE);
                }
            });
            ack(p.messageId(), p.qos(), p.epoch());
        }
    }

    private void ack(int messageId, int qos, long onEpoch) {
        if (onEpoch != epoch || qos == 0) {
            return; // came on an earlier connection: the broker delivers it again, the sink finds a duplicate
        }
        session.acknowledge(messageId, qos);
    }

    private static void tell(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("receive listener failed", e);
        }
    }

    /** What arrives on the subscriptions, on Paho's callback thread. */
    private final class Handler {
        void messageArrived(String topic, MqttMessage message) {
            if (reconnect) {
                return; // left unacknowledged: delivered again after the reconnect that is under way
            }
            if (keepsHealth() && ReceivedHealth.isHealthTopic(topic)) {
                health(topic, message);
                return;
            }
            if (sink.isPresent()) {
                Optional<Pending> p = check(topic, message);
                if (p.isEmpty()) {
                    ack(message.getId(), message.getQos(), epoch);
                    return;
                }
                synchronized (batchLock) {
                    if (batch.isEmpty()) {
                        batchSince = System.nanoTime();
                    }
                    batch.add(p.get());
                    if (batch.size() >= MAX_BATCH) {
                        flushLocked();
                    }
                }
                return;
            }
            try {
                take(topic, message);
            } catch (RuntimeException e) {
                sinkFailures = Math.min(sinkFailures + 1, 30);
                synchronized (ledger) {
                    sinkFailuresTotal++;
                }
                lastFailure = "the store failed: " + e.getMessage();
                log.warn("cannot store a message on {}; leaving it unacknowledged for the broker to deliver again after a reconnect: {}",
                        Text.terminal(topic), e.getMessage());
                reconnect = true;
                synchronized (lock) {
                    lock.notifyAll();
                }
                return;
            }
            session.acknowledge(message.getId(), message.getQos());
        }

        /** A health snapshot: checked, bound to its topic, handed to the sink; never counted as a window. */
        private void health(String topic, MqttMessage message) {
            byte[] payload = message.getPayload();
            try {
                if (payload.length > maxPayloadBytes) {
                    throw new Rejection.RejectedException(Rejection.Kind.OVERSIZED,
                            payload.length + " bytes, more than the bound of " + maxPayloadBytes);
                }
                ReceivedHealth h = ReceivedHealth.parse(topic, payload);
                sink.get().health(h);
            } catch (Rejection.RejectedException e) {
                synchronized (ledger) {
                    malformed++;
                }
                safely(() -> listener.rejected(topic, e.rejection()));
            } catch (RuntimeException e) {
                // QoS 0: nothing to deliver again; the node's next snapshot replaces this one
                log.warn("cannot keep the health snapshot on {}: {}", Text.terminal(topic), e.getMessage());
            }
            if (message.getQos() > 0) {
                ack(message.getId(), message.getQos(), epoch);
            }
        }

        /** Parses, checks and enters a message in the ledger; empty when rejected (the listener was told). */
        private Optional<Pending> check(String topic, MqttMessage message) {
            byte[] payload = message.getPayload();
            ReceivedWindow w;
            try {
                if (payload.length > maxPayloadBytes) {
                    throw new Rejection.RejectedException(Rejection.Kind.OVERSIZED,
                            payload.length + " bytes, more than the bound of " + maxPayloadBytes);
                }
                w = CountsParser.parse(topic, payload, Kinds.STANDARD.sections());
            } catch (Rejection.RejectedException e) {
                synchronized (ledger) {
                    malformed++;
                }
                safely(() -> listener.rejected(topic, e.rejection()));
                return Optional.empty();
            }
            Ledger.Outcome outcome;
            synchronized (ledger) {
                outcome = ledger.accept(w);
            }
            return Optional.of(new Pending(topic, w, outcome, message.getId(), message.getQos(), epoch));
        }

        /** Everything but the acknowledgement; throws only when the sink failed. */
        private void take(String topic, MqttMessage message) {
            byte[] payload = message.getPayload();
            ReceivedWindow w;
            try {
                if (payload.length > maxPayloadBytes) {
                    throw new Rejection.RejectedException(Rejection.Kind.OVERSIZED,
                            payload.length + " bytes, more than the bound of " + maxPayloadBytes);
                }
                w = CountsParser.parse(topic, payload, Kinds.STANDARD.sections());
            } catch (Rejection.RejectedException e) {
                synchronized (ledger) {
                    malformed++;
                }
                safely(() -> listener.rejected(topic, e.rejection()));
                return;
            }
            Ledger.Outcome outcome;
            synchronized (ledger) {
                outcome = ledger.accept(w);
            }
            Ledger.Verdict verdict = outcome.verdict();
            if (sink.isPresent()) {
                // not inside safely(): a store that fails must leave the message unacknowledged
                Sink.Put put = verdict == Ledger.Verdict.CONFLICT ? null : sink.get().put(topic, w);
                if (put == null) {
                    sink.get().conflict(topic, w);
                }
                sinkFailures = 0;
                if (put != null) {
                    verdict = switch (put) {
                        case STORED -> Ledger.Verdict.NEW;
                        case DUPLICATE -> Ledger.Verdict.DUPLICATE;
                        case CONFLICT -> Ledger.Verdict.CONFLICT;
                    };
                    if (put == Sink.Put.STORED) {
                        synchronized (ledger) {
                            stored++;
                        }
                    }
                }
            }
            Ledger.Verdict told = verdict;
            safely(() -> {
                for (Gap g : outcome.newGaps()) {
                    listener.gap(g);
                }
                if (told == Ledger.Verdict.CONFLICT) {
                    listener.conflict(topic, w);
                } else {
                    listener.window(w, told == Ledger.Verdict.DUPLICATE);
                }
            });
        }

        private void safely(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("receive listener failed", e);
            }
        }
    }
}

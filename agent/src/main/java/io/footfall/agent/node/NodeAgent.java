package io.footfall.agent.node;

import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.CountsWriter;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.health.HealthSource;
import io.footfall.agent.kinds.KindContext;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.window.NodeKind;
import io.footfall.agent.window.NodeKinds;
import io.footfall.agent.window.WindowSet;
import io.footfall.agent.window.beam.BeamCounting;
import io.footfall.agent.window.beam.PassageState;
import io.footfall.agent.window.wifi.WifiCounting;
import io.footfall.agent.outbox.Outbox;
import io.footfall.agent.outbox.OutboxException;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.hal.NodeClock;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.wifi.CaptureState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counting pipeline of one node: sensor events in, one durable counts message per closed window
 * out. Sensors only enqueue; everything else happens on the single thread that calls {@link #run()},
 * so none of it needs locks: each event goes to the {@link NodeKind} it came from (decoding,
 * hashing), the {@link WindowSet} opens and closes the windows, and each closed window is stored in
 * the outbox before anything is sent, kept in memory and retried while the disk refuses it.
 *
 * <p>That thread is not woken per event: it sleeps until the next window is due to close, at most
 * {@link #MAX_SLEEP_NANOS}, and then takes every queued event at once (earlier only when
 * {@link #WAKE_AT} events are waiting, or to stop). At a thousand probes a second this is what keeps
 * the agent cheap on a Pi: a wake-up costs far more than the event it handles. Latency is bounded
 * by the sleep, well inside {@link #GRACE_REAL_NANOS} and {@link #IN_FLIGHT_REAL_NANOS}.
 *
 * <p>A window closes once {@link #GRACE_REAL_NANOS} of real time have passed since its end and every
 * kind has decided what falls in it ({@link NodeKind#decide}: the beam decoders {@code beam-max-gap}
 * plus a second of node time later).
 *
 * <p>Each window says how much of it was watched ({@link Coverage}): every loop credits the open
 * windows with the wall time since the previous loop (after a clock step, only as much as really
 * passed), so counting starts at {@link #run()} and a window the agent started in, or that a clock
 * step skipped, says so.
 */
public final class NodeAgent {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    /** Real time a window stays open past its end, for events still on their way through the queue. */
    static final long GRACE_REAL_NANOS = 250_000_000L;

    /**
     * Real time an event may spend between its sensor's clock and this thread (a busy machine, a
     * descheduled sensor thread). Without events, a kind decides only up to {@code now} minus this,
     * never past events still on their way, which it would take as late.
     */
    static final long IN_FLIGHT_REAL_NANOS = 500_000_000L;

    /** Longest the pipeline sleeps between looks at the queue. */
    static final long MAX_SLEEP_NANOS = 100_000_000L;

    /** Events waiting that wake the pipeline before its sleep is over; far below the queue's capacity. */
    static final int WAKE_AT = 4_096;

    /** A difference between wall and monotonic progress larger than this is a clock step. */
    private static final long STEP_MILLIS = 2_000;

    private final Hal hal;
    private final NodeClock clock;
    private final Topics topics;
    private final Outbox outbox;
    private final Runnable onStored;
    private final NodeKinds kinds;
    /** The standard kinds health and {@code watch} still read by name, when the node counts them. */
    private final Optional<BeamCounting> beam;
    private final Optional<WifiCounting> wifi;
    private final WindowSet windows;
    private final BlockingQueue<Queued<?>> queue = new ArrayBlockingQueue<>(65_536);
    /** Events queued since the pipeline last drained the queue, roughly: only for {@link #WAKE_AT}. */
    private final AtomicInteger queued = new AtomicInteger();
    private final List<Queued<?>> batch = new ArrayList<>();
    private volatile Thread runner;
    private volatile boolean stopping;
    private final Deque<WindowSet.Closed> unstored = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastLoopMono;
    private volatile boolean started;
    private volatile int unstoredCount;
    /** The wall time from which the current loop credits counting time to the open windows. */
    private long countedFrom;
    private long lastWall;
    private long lastMono;

    /**
     * The window now open, as {@code footfall watch} shows it: its time and coverage so far; each
     * kind's figures are its own (its health source's {@code windowSoFar}, published in the same loop).
     */
    public record WindowSoFar(long startMillis, long endMillis, Coverage coverage) {}

    private volatile Optional<WindowSoFar> windowSoFar = Optional.empty();

    /** One event on its way to the kind whose sensor produced it. */
    private record Queued<E>(NodeKind<E> kind, E event) {
        void deliver() {
            kind.handle(event);
        }
    }

    /**
     * The node's own kinds on {@code hal}'s sensors ({@link Kinds#STANDARD}).
     *
     * @param onStored called after each window is stored in the outbox (the forwarder's wake-up)
     */
    public NodeAgent(Hal hal, Topics topics, Duration window, DecoderSettings decoder, PrivacySettings privacy, Outbox outbox,
            Runnable onStored) {
        this(hal, topics, window, Kinds.STANDARD.on(new KindContext(hal, decoder, privacy)), outbox, onStored);
    }

    /**
     * @param kinds the sensor kinds counted, each publishing its section of every window ({@link Kinds#on})
     * @param onStored called after each window is stored in the outbox (the forwarder's wake-up)
     */
    public NodeAgent(Hal hal, Topics topics, Duration window, NodeKinds kinds, Outbox outbox, Runnable onStored) {
        this.hal = hal;
        this.clock = hal.clock();
        this.topics = topics;
        this.outbox = outbox;
        this.onStored = onStored;
        this.kinds = kinds;
        this.beam = kinds.find(BeamCounting.class);
        this.wifi = kinds.find(WifiCounting.class);
        this.windows = new WindowSet(clock, window, kinds.all());
    }

    /** Starts the sensors and runs the pipeline until {@link #stop()}; returns when stopped. */
    public void run() {
        runner = Thread.currentThread();
        windows.startAt(outbox.lastWindowEndMillis());
        lastWall = clock.wallMillis();
        lastMono = clock.monoNanos();
        windows.at(clock.wallMillis());
        for (NodeKind<?> k : kinds.all()) {
            start(k);
        }
        LOG.info("counting on {} passage(s){}, windows of {}", hal.beams().passages().size(), wifi.isPresent() ? " and Wi-Fi" : "",
                windows.length());
        lastLoopMono = System.nanoTime();
        started = true;
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kinds.all().forEach(NodeKind::stop);
            hal.close();
            windows.discardAll();
            storeUnstored();
            if (!unstored.isEmpty()) {
                LOG.error("{} closed window(s) could not be stored before stopping", unstored.size());
            }
        }
    }

    private <E> void start(NodeKind<E> kind) {
        kind.start((event, weight) -> enqueue(new Queued<>(kind, event), weight), windows);
    }

    private void loop() throws InterruptedException {
        while (true) {
            long waitNanos = Math.min(MAX_SLEEP_NANOS, Math.max(1_000_000L, clock.realNanosUntil(windows.firstEnd().orElse(0L))
                    + GRACE_REAL_NANOS));
            LockSupport.parkNanos(this, waitNanos);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (stopping) {
                return;
            }
            queued.set(0);
            queue.drainTo(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).deliver();
            }
            batch.clear();
            if (stopping) {
                return;
            }
            long mono = clock.monoNanos();
            long settled = mono - clock.nodeNanos(IN_FLIGHT_REAL_NANOS);
            long decided = Long.MAX_VALUE;
            for (NodeKind<?> k : kinds.all()) {
                decided = Math.min(decided, k.decide(settled));
            }
            checkClock(mono);
            windows.at(lastWall);
            windows.counted(countedFrom, lastWall);
            for (WindowSet.Closed c : windows.closeDue(clock.wallMillisAt(decided == Long.MAX_VALUE ? settled : decided), GRACE_REAL_NANOS)) {
                unstored.addLast(c);
            }
            storeUnstored();
            publishState();
            lastLoopMono = System.nanoTime();
        }
    }

    /** Publishes the state health and {@code watch} read, building new values only where one has changed. */
    private void publishState() {
        for (NodeKind<?> k : kinds.all()) {
            k.publish();
        }
        unstoredCount = unstored.size();
        windows.newest().ifPresent(w -> {
            long soFar = Math.max(1_000, Math.min(lastWall, w.end()) - w.start());
            long counting = Math.min(w.countingMillis(), soFar);
            windowSoFar = Optional.of(new WindowSoFar(w.start(), w.end(),
                    new Coverage(counting / 1000, soFar / 1000, wifi.map(k -> k.captureSoFar(w, counting, lastWall)))));
        });
    }

    /** The window now open, as of the pipeline's last loop; empty before the first. */
    public Optional<WindowSoFar> windowSoFar() {
        return windowSoFar;
    }

    /** Marks open windows when the wall clock is not synchronised or has stepped. */
    private void checkClock(long mono) {
        long wall = clock.wallMillis();
        long monoMillis = (mono - lastMono) / 1_000_000L;
        long step = (wall - lastWall) - monoMillis;
        // What this loop credits as counted: the wall time since the last loop, or after a step only
        // as much as really passed, just before now (nothing after a step backwards).
        countedFrom = Math.abs(step) <= STEP_MILLIS ? lastWall : wall - Math.max(0, Math.min(monoMillis, wall - lastWall));
        boolean synced = clock.synced();
        if (Math.abs(step) > STEP_MILLIS) {
            LOG.warn("wall clock stepped by {} ms; open windows are flagged clockSynced=false", step);
            synced = false;
        }
        if (!synced) {
            windows.clockUntrusted();
        }
        lastWall = wall;
        lastMono = mono;
    }

    private void storeUnstored() {
        while (!unstored.isEmpty()) {
            WindowSet.Closed c = unstored.peekFirst();
            try {
                outbox.append(c.start(), c.end(), (seq, id) -> new Outbox.Built(topics.counts(),
                        CountsWriter.toJson(new CountsMessage(topics.site(), topics.node(), id, seq, Optional.empty(),
                                new CountsMessage.WindowInfo(c.start(), c.end(), c.clockSynced()),
                                Optional.of(new CountsMessage.Watched(c.countingMillis() / 1000, OptionalLong.empty())), c.sections()))));
            } catch (OutboxException e) {
                LOG.error("cannot store closed window {}; keeping it in memory and retrying: {}",
                        Instant.ofEpochMilli(c.start()), e.getMessage());
                return;
            }
            unstored.pollFirst();
            onStored.run();
        }
    }

    /** Queues {@code event}, which stands for {@code weight} events (a batch of probes) in the counts. */
    private void enqueue(Queued<?> event, int weight) {
        if (!queue.offer(event)) {
            dropped.addAndGet(weight);
        } else {
            int now = queued.addAndGet(weight);
            if (now >= WAKE_AT && now - weight < WAKE_AT) {
                LockSupport.unpark(runner);
            }
        }
    }

    /** Asks {@link #run()} to stop; windows still open are not published. */
    public void stop() {
        stopping = true;
        queue.clear();
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Events dropped because the pipeline fell behind. */
    public long dropped() {
        return dropped.get();
    }

    public long probesSeen() {
        return wifi.map(WifiCounting::probesSeen).orElse(0L);
    }

    /** Crossings decided since start, as of the pipeline's last loop. */
    public long crossingsSeen() {
        return passageStates().stream().mapToLong(PassageState::crossings).sum();
    }

    /** Each passage's alarm state and crossings since start, as of the pipeline's last loop. */
    public List<PassageState> passageStates() {
        return beam.map(BeamCounting::published).orElse(List.of());
    }

    /** Each sensor kind's health section, in the kinds' order (health reads them through {@code HealthReadings}). */
    List<HealthSource<?>> healthSources() {
        return kinds.health();
    }

    /** Closed windows the outbox could not take yet (a full or failing disk); kept in memory. */
    public int unstoredWindows() {
        return unstoredCount;
    }

    public CaptureState captureState() {
        return wifi.map(WifiCounting::captureState).orElse(CaptureState.of(CaptureState.Status.OFF, "off"));
    }

    /** Whether {@link #run()} has started the sensors and entered its loop (systemd's READY=1). */
    public boolean started() {
        return started;
    }

    /** {@link System#nanoTime()} at the end of the pipeline's last loop: the watchdog's sign of life. */
    public long lastLoopNanos() {
        return lastLoopMono;
    }
}

package io.footfall.agent.node;

import io.footfall.agent.beam.Crossing;
import io.footfall.agent.beam.CrossingListener;
import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.beam.Direction;
import io.footfall.agent.beam.PassageDecoder;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.Outbox;
import io.footfall.agent.outbox.OutboxException;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.agent.privacy.WifiCounts;
import io.footfall.agent.privacy.WifiWindow;
import io.footfall.agent.window.WindowClock;
import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.beam.PassageSpec;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.ProbeRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counting pipeline of one node: sensor events in, one durable counts message per closed window
 * out. Sensors only enqueue; everything else (decoding, hashing, windowing, storing) happens on the
 * single thread that calls {@link #run()}, so none of it needs locks.
 *
 * <p>That thread is not woken per event: it sleeps until the next window is due to close, at most
 * {@link #MAX_SLEEP_NANOS}, and then takes every queued event at once (earlier only when
 * {@link #WAKE_AT} events are waiting, or to stop). At a thousand probes a second this is what keeps
 * the agent cheap on a Pi: a wake-up costs far more than the event it handles. Latency is bounded
 * by the sleep, well inside {@link #GRACE_REAL_NANOS} and {@link #IN_FLIGHT_REAL_NANOS}.
 *
 * <p>Windows are tumbling and aligned to the wall clock. An event belongs to the window of its own
 * timestamp; one that arrives after its window closed is counted in the oldest open window, so no
 * count is ever lost. A window closes once {@link #GRACE_REAL_NANOS} of real time have passed since its
 * end and every decoder has decided the crossings up to it ({@code beam-max-gap} plus a second of
 * node time later); it is stored in the outbox before anything is sent. Windows are never opened before the end of the last closed one
 * (a clock stepping back cannot overlap them); while the agent runs they follow one another without
 * gap, up to {@link #MAX_FILL_MILLIS} of empty windows; a larger forward jump (a clock step, a frozen
 * process) leaves a gap in time that the platform can see, while {@code seq} stays consecutive.
 *
 * <p>Each window says how much of it was watched ({@link Coverage}): every loop credits the open
 * windows with the wall time since the previous loop (after a clock step, only as much as really
 * passed), so counting starts at {@link #run()} and a window the agent started in, or that a clock
 * step skipped, says so. The capture's running time and each passage's blocked time are
 * {@link Span}s credited the same way.
 */
public final class NodeAgent {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    /** Real time a window stays open past its end, for events still on their way through the queue. */
    static final long GRACE_REAL_NANOS = 250_000_000L;

    /**
     * Real time an event may spend between its sensor's clock and this thread (a busy machine, a
     * descheduled sensor thread). Without edges, a decoder is advanced only to {@code now} minus this,
     * never past edges still on their way, which it would take as late; its own latest edge moves it
     * further.
     */
    static final long IN_FLIGHT_REAL_NANOS = 500_000_000L;

    /** Longest the pipeline sleeps between looks at the queue. */
    static final long MAX_SLEEP_NANOS = 100_000_000L;

    /** Events waiting that wake the pipeline before its sleep is over; far below the queue's capacity. */
    static final int WAKE_AT = 4_096;

    /** Longest run of empty windows opened to keep windows contiguous. */
    static final long MAX_FILL_MILLIS = Duration.ofHours(1).toMillis();

    /** A difference between wall and monotonic progress larger than this is a clock step. */
    private static final long STEP_MILLIS = 2_000;

    private static final Object STOP = new Object();

    private final Hal hal;
    private final NodeClock clock;
    private final Topics topics;
    private final WindowClock windows;
    private final Outbox outbox;
    private final Runnable onStored;
    private final SecureRandom random = new SecureRandom();
    private final PrivacySettings privacy;
    /** Node time after a window's end by which every decoder has decided the crossings of that window. */
    private final long settleMillis;
    private final List<String> passageNames = new ArrayList<>();
    private final Map<String, Integer> passageIndex = new HashMap<>();
    private final List<PassageDecoder> decoders = new ArrayList<>();
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(65_536);
    /** Events queued since the pipeline last drained the queue, roughly: only for {@link #WAKE_AT}. */
    private final AtomicInteger queued = new AtomicInteger();
    private final List<Object> batch = new ArrayList<>();
    private volatile Thread runner;
    private final TreeMap<Long, OpenWindow> open = new TreeMap<>();
    private final Deque<ClosedWindow> unstored = new ArrayDeque<>();
    private final boolean wifiEnabled;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong crossings = new AtomicLong();
    private volatile CaptureState captureState = CaptureState.of(CaptureState.Status.OFF, "off");
    private volatile long lastLoopMono;
    private volatile boolean started;
    private volatile List<PassageState> passageStates = List.of();
    private volatile int unstoredCount;
    private final long[] crossingsPerPassage;
    private final long[] lastEdgeNanos;
    /** The wall time from which the current loop credits counting time to the open windows. */
    private long countedFrom;
    /** Node time the decoders are being advanced to: when a blocked alarm is raised or cleared. */
    private long decidingNanos;
    private final BlockedTime blockedTime;
    private final Span capturing = new Span();
    /** The channels the capture hops over, ascending; empty when it does not say. */
    private final List<Integer> channels;

    /**
     * The window now open, as {@code footfall watch} shows it: beam counts so far and how many probe
     * requests it took in. Wi-Fi device figures exist only once the window closes.
     */
    public record WindowSoFar(long startMillis, long endMillis, BeamCounts beam, long probes, Coverage coverage) {}

    private volatile Optional<WindowSoFar> windowSoFar = Optional.empty();

    /** A passage as health reports see it. */
    public record PassageState(String name, boolean blocked, long crossings) {}

    private long floorMillis;
    private long lastWall;
    private long lastMono;

    /** A closed window waiting to be stored, its Wi-Fi salt already destroyed. */
    private record ClosedWindow(long start, long end, boolean clockSynced, BeamCounts beam,
            Optional<WifiCounts> wifi, Coverage coverage) {}

    /** A change of capture state, stamped when the capture reported it (it reports at the change). */
    private record CaptureChange(long tNanos, CaptureState state) {}

    /**
     * @param onStored called after each window is stored in the outbox (the forwarder's wake-up)
     */
    public NodeAgent(Hal hal, Topics topics, Duration window, DecoderSettings decoder, PrivacySettings privacy, Outbox outbox,
            Runnable onStored) {
        this.privacy = privacy;
        this.settleMillis = decoder.maxGap().toMillis() + 1_000;
        this.hal = hal;
        this.clock = hal.clock();
        this.topics = topics;
        this.windows = new WindowClock(window);
        this.outbox = outbox;
        this.onStored = onStored;
        this.wifiEnabled = hal.wifi().isPresent();
        this.channels = hal.wifi().map(ProbeCapture::channels).orElse(List.of()).stream().distinct().sorted().toList();
        CrossingListener listener = new CrossingListener() {
            @Override
            public void onCrossing(Crossing c) {
                crossings.incrementAndGet();
                crossingsPerPassage[passageIndex.get(c.passage())]++;
                windowFor(clock.wallMillisAt(c.tNanos())).crossing(passageIndex.get(c.passage()), c.direction() == Direction.IN);
            }

            @Override
            public void onBlocked(String passage, boolean blocked) {
                LOG.warn("passage {} {}", passage, blocked ? "blocked: a beam has stayed broken" : "clear again");
                if (blocked) {
                    windowFor(clock.wallMillis()).blocked(passageIndex.get(passage));
                }
                blockedTime.alarm(passageIndex.get(passage), blocked, decidingNanos, open.values());
            }
        };
        for (PassageSpec p : hal.beams().passages()) {
            passageIndex.put(p.name(), passageNames.size());
            passageNames.add(p.name());
            decoders.add(new PassageDecoder(p.name(), decoder, listener));
        }
        this.crossingsPerPassage = new long[passageNames.size()];
        this.lastEdgeNanos = new long[passageNames.size()];
        this.blockedTime = new BlockedTime(passageNames.size(), decoder.blockedAfter(), clock);
        Arrays.fill(lastEdgeNanos, Long.MIN_VALUE);
    }

    /** Starts the sensors and runs the pipeline until {@link #stop()}; returns when stopped. */
    public void run() {
        runner = Thread.currentThread();
        floorMillis = Math.max(windows.startOf(clock.wallMillis()), outbox.lastWindowEndMillis());
        lastWall = clock.wallMillis();
        lastMono = clock.monoNanos();
        windowFor(clock.wallMillis());
        hal.beams().start(this::enqueue);
        hal.wifi().ifPresent(w -> w.start(new ProbeListener() {
            @Override
            public void onProbe(ProbeRequest probe) {
                enqueue(probe);
            }

            @Override
            public void onProbes(List<ProbeRequest> probes) {
                enqueue(new Probes(probes), probes.size());
            }

            @Override
            public void onCaptureState(CaptureState state) {
                enqueue(new CaptureChange(clock.monoNanos(), state));
            }
        }));
        LOG.info("counting on {} passage(s){}, windows of {}", passageNames.size(), wifiEnabled ? " and Wi-Fi" : "",
                windows.length());
        lastLoopMono = System.nanoTime();
        started = true;
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hal.close();
            open.values().forEach(w -> w.wifi.ifPresent(WifiWindow::close));
            open.clear();
            storeUnstored();
            if (!unstored.isEmpty()) {
                LOG.error("{} closed window(s) could not be stored before stopping", unstored.size());
            }
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            long waitNanos = Math.min(MAX_SLEEP_NANOS, Math.max(1_000_000L, clock.realNanosUntil(open.firstKey() == null ? 0
                    : open.firstEntry().getValue().end) + GRACE_REAL_NANOS));
            LockSupport.parkNanos(this, waitNanos);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            queued.set(0);
            queue.drainTo(batch);
            for (int i = 0; i < batch.size(); i++) {
                Object event = batch.get(i);
                if (event == STOP) {
                    return;
                }
                handle(event);
            }
            batch.clear();
            long mono = clock.monoNanos();
            long settled = mono - clock.nodeNanos(IN_FLIGHT_REAL_NANOS);
            long watermark = settled;
            for (int i = 0; i < decoders.size(); i++) {
                long w = Math.max(settled, lastEdgeNanos[i]);
                decidingNanos = w;
                decoders.get(i).tick(w);
                watermark = i == 0 ? w : Math.min(watermark, w);
            }
            checkClock(mono);
            windowFor(lastWall);
            for (OpenWindow w : open.values()) {
                w.countingMillis += w.overlap(countedFrom, lastWall);
            }
            closeDue(clock.wallMillisAt(watermark));
            storeUnstored();
            publishState();
            lastLoopMono = System.nanoTime();
        }
    }

    /** Publishes the passages' states for health, building a new list only when one has changed. */
    private void publishState() {
        List<PassageState> current = passageStates;
        boolean changed = current.size() != decoders.size();
        for (int i = 0; !changed && i < decoders.size(); i++) {
            PassageState p = current.get(i);
            changed = p.blocked() != decoders.get(i).blocked() || p.crossings() != crossingsPerPassage[i];
        }
        if (changed) {
            List<PassageState> states = new ArrayList<>(decoders.size());
            for (int i = 0; i < decoders.size(); i++) {
                states.add(new PassageState(passageNames.get(i), decoders.get(i).blocked(), crossingsPerPassage[i]));
            }
            passageStates = List.copyOf(states);
        }
        unstoredCount = unstored.size();
        if (!open.isEmpty()) {
            OpenWindow w = open.lastEntry().getValue();
            long soFar = Math.min(lastWall, w.end) - w.start;
            windowSoFar = Optional.of(new WindowSoFar(w.start, w.end, w.beam(), w.probes,
                    coverage(w, Math.max(1_000, soFar), w.capturingMillis + capturing.upTo(w, lastWall))));
        }
    }

    /** The window now open, as of the pipeline's last loop; empty before the first. */
    public Optional<WindowSoFar> windowSoFar() {
        return windowSoFar;
    }

    private void handle(Object event) {
        if (event instanceof BeamEdge e) {
            Integer i = passageIndex.get(e.passage());
            if (i != null) {
                lastEdgeNanos[i] = Math.max(lastEdgeNanos[i], e.tNanos());
                blockedTime.edge(i, e);
                decidingNanos = e.tNanos();
                decoders.get(i).onEdge(e);
            }
        } else if (event instanceof ProbeRequest p) {
            probes.incrementAndGet();
            OpenWindow w = windowFor(clock.wallMillisAt(p.tNanos()));
            w.probes++;
            w.wifi.ifPresent(ww -> ww.add(p));
        } else if (event instanceof Probes ps) {
            for (ProbeRequest p : ps.list()) {
                handle(p);
            }
        } else if (event instanceof CaptureChange c) {
            CaptureState s = c.state();
            if (s.status() != captureState.status()) {
                LOG.info("Wi-Fi capture {}: {}", s.status(), s.detail());
            }
            captureState = s;
            long at = clock.wallMillisAt(c.tNanos());
            if (s.status() == CaptureState.Status.RUNNING) {
                capturing.begin(at);
            } else {
                capturing.end(at, open.values(), (w, millis) -> w.capturingMillis += millis);
            }
        }
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
            open.values().forEach(w -> w.clockSynced = false);
        }
        lastWall = wall;
        lastMono = mono;
    }

    /** The open window for an event at {@code wallMillis}, opening windows as time moves on. */
    private OpenWindow windowFor(long wallMillis) {
        long start = Math.max(windows.startOf(wallMillis), floorMillis);
        if (open.isEmpty()) {
            return openAt(start);
        }
        long first = open.firstKey();
        if (start <= first) {
            return open.firstEntry().getValue();
        }
        OpenWindow w = open.get(start);
        if (w != null) {
            return w;
        }
        long next = open.lastEntry().getValue().end;
        if (start > next && start - next > MAX_FILL_MILLIS) {
            LOG.warn("no windows between {} and {}: the clock jumped or the agent was frozen",
                    Instant.ofEpochMilli(next), Instant.ofEpochMilli(start));
            return openAt(start);
        }
        OpenWindow last = null;
        for (long s = next; s <= start; s += windows.lengthMillis()) {
            last = openAt(s);
        }
        return last;
    }

    private OpenWindow openAt(long start) {
        Optional<WifiWindow> wifi = wifiEnabled ? Optional.of(newWifiWindow()) : Optional.empty();
        OpenWindow w = new OpenWindow(start, start + windows.lengthMillis(), passageNames, wifi);
        w.clockSynced = clock.synced();
        for (int i = 0; i < decoders.size(); i++) {
            if (decoders.get(i).blocked()) {
                w.blocked(i);
            }
        }
        open.put(start, w);
        return w;
    }

    private WifiWindow newWifiWindow() {
        return new WifiWindow(random, privacy);
    }

    /** Closes every window whose end is far enough behind, in real time and in what the decoders have decided. */
    private void closeDue(long decidedUntilMillis) {
        while (!open.isEmpty()) {
            OpenWindow w = open.firstEntry().getValue();
            if (clock.realNanosUntil(w.end) > -GRACE_REAL_NANOS || decidedUntilMillis < w.end + settleMillis) {
                return;
            }
            if (open.size() == 1) {
                // Keep windows contiguous: the next one opens before this one closes.
                windowFor(w.end);
            }
            open.pollFirstEntry();
            Optional<WifiCounts> wifi = w.wifi.map(WifiWindow::counts);
            w.wifi.ifPresent(WifiWindow::close);
            blockedTime.closing(w);
            w.capturingMillis += capturing.upToEndOf(w);
            unstored.addLast(new ClosedWindow(w.start, w.end, w.clockSynced, w.beam(), wifi, coverage(w, w.end - w.start, w.capturingMillis)));
            floorMillis = w.end;
        }
    }

    /**
     * A window's coverage out of {@code ofMillis}. The capture and the blocked spans come from the
     * sensors' own reports; they cannot be longer than the agent was counting (a clock step
     * skips windows that a running capture would otherwise be credited with).
     */
    private Coverage coverage(OpenWindow w, long ofMillis, long capturingMillis) {
        long counting = Math.min(w.countingMillis, ofMillis);
        long captured = Math.min(capturingMillis, counting);
        return new Coverage(counting / 1000, ofMillis / 1000, wifiEnabled
                ? Optional.of(new Coverage.Wifi(captured / 1000, captured > 0 ? channels : List.of()))
                : Optional.empty());
    }

    private void storeUnstored() {
        while (!unstored.isEmpty()) {
            ClosedWindow c = unstored.peekFirst();
            try {
                outbox.append(c.start(), c.end(), (seq, id) -> new Outbox.Built(topics.counts(),
                        CountsJson.toJson(new CountsMessage(topics.site(), topics.node(), id, seq,
                                new CountsMessage.WindowInfo(c.start(), c.end(), c.clockSynced()), c.beam(), c.wifi(), c.coverage()))));
            } catch (OutboxException e) {
                LOG.error("cannot store closed window {}; keeping it in memory and retrying: {}",
                        Instant.ofEpochMilli(c.start()), e.getMessage());
                return;
            }
            unstored.pollFirst();
            onStored.run();
        }
    }

    private void enqueue(Object event) {
        enqueue(event, 1);
    }

    /** Queues {@code event}, which stands for {@code weight} events (a batch of probes) in the counts. */
    private void enqueue(Object event, int weight) {
        if (!queue.offer(event)) {
            dropped.addAndGet(weight);
        } else {
            int now = queued.addAndGet(weight);
            if (now >= WAKE_AT && now - weight < WAKE_AT) {
                LockSupport.unpark(runner);
            }
        }
    }

    /** The probes of one read of the capture, queued as one event. */
    private record Probes(List<ProbeRequest> list) {}

    /** Asks {@link #run()} to stop; windows still open are not published. */
    public void stop() {
        queue.clear();
        queue.offer(STOP);
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
        return probes.get();
    }

    public long crossingsSeen() {
        return crossings.get();
    }

    /** Each passage's alarm state and crossings since start, as of the pipeline's last loop. */
    public List<PassageState> passageStates() {
        return passageStates;
    }

    /** Closed windows the outbox could not take yet (a full or failing disk); kept in memory. */
    public int unstoredWindows() {
        return unstoredCount;
    }

    public CaptureState captureState() {
        return captureState;
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

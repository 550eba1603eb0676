package io.footfall.agent.window.beam;

import io.footfall.agent.beam.Crossing;
import io.footfall.agent.beam.CrossingListener;
import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.beam.Direction;
import io.footfall.agent.beam.PassageDecoder;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.beam.BeamKind;
import io.footfall.agent.window.EventSink;
import io.footfall.agent.window.NodeKind;
import io.footfall.agent.window.OpenWindow;
import io.footfall.agent.window.WindowPart;
import io.footfall.agent.window.WindowSet;
import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.beam.PassageSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crossings kind on the node: raw edges into one {@link PassageDecoder} per passage, crossings
 * and blocked time into the window of their own timestamp. A window closes only once every decoder
 * has decided the crossings up to its end plus {@code beam-max-gap} and a second of node time (a
 * crossing is decided only after both beams stayed clear for {@code beam-max-gap}).
 */
public final class BeamCounting implements NodeKind<BeamEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(BeamCounting.class);

    private final BeamSensor sensor;
    private final NodeClock clock;
    /** Node time after a window's end by which every decoder has decided the crossings of that window. */
    private final long settleNanos;
    private final List<String> passageNames = new ArrayList<>();
    private final Map<String, Integer> passageIndex = new HashMap<>();
    private final List<PassageDecoder> decoders = new ArrayList<>();
    private final long[] crossingsPerPassage;
    private final long[] lastEdgeNanos;
    private final BlockedTime blockedTime;
    /** Node time the decoders are being advanced to: when a blocked alarm is raised or cleared. */
    private long decidingNanos;
    private WindowSet windows;
    /** Each passage's state as of the pipeline's last loop, for health. */
    private volatile List<PassageState> published = List.of();
    /** The crossings of the newest window as of the pipeline's last loop, for the status file. */
    private volatile BeamCounts publishedSoFar = new BeamCounts(0, 0, List.of());

    public BeamCounting(BeamSensor sensor, DecoderSettings decoder, NodeClock clock) {
        this.sensor = sensor;
        this.clock = clock;
        this.settleNanos = (decoder.maxGap().toMillis() + 1_000) * 1_000_000L;
        CrossingListener listener = new CrossingListener() {
            @Override
            public void onCrossing(Crossing c) {
                int i = passageIndex.get(c.passage());
                crossingsPerPassage[i]++;
                part(windows.at(clock.wallMillisAt(c.tNanos()))).crossing(i, c.direction() == Direction.IN);
            }

            @Override
            public void onBlocked(String passage, boolean blocked) {
                LOG.warn("passage {} {}", passage, blocked ? "blocked: a beam has stayed broken" : "clear again");
                if (blocked) {
                    part(windows.at(clock.wallMillis())).blocked(passageIndex.get(passage));
                }
                blockedTime.alarm(passageIndex.get(passage), blocked, decidingNanos, windows.all(), BeamCounting.this::part);
            }
        };
        for (PassageSpec p : sensor.passages()) {
            passageIndex.put(p.name(), passageNames.size());
            passageNames.add(p.name());
            decoders.add(new PassageDecoder(p.name(), decoder, listener));
        }
        this.crossingsPerPassage = new long[passageNames.size()];
        this.lastEdgeNanos = new long[passageNames.size()];
        Arrays.fill(lastEdgeNanos, Long.MIN_VALUE);
        this.blockedTime = new BlockedTime(passageNames.size(), decoder.blockedAfter(), clock);
    }

    @Override
    public String key() {
        return BeamKind.KEY;
    }

    @Override
    public void start(EventSink<BeamEvent> sink, WindowSet windows) {
        this.windows = windows;
        sensor.start(e -> sink.accept(new BeamEvent.Edge(e)));
    }

    @Override
    public void handle(BeamEvent event) {
        // one kind of event so far; a second one makes this a switch over the sealed type
        BeamEdge e = ((BeamEvent.Edge) event).edge();
        Integer i = passageIndex.get(e.passage());
        if (i != null) {
            lastEdgeNanos[i] = Math.max(lastEdgeNanos[i], e.tNanos());
            blockedTime.edge(i, e);
            decidingNanos = e.tNanos();
            decoders.get(i).onEdge(e);
        }
    }

    /**
     * Advances each decoder to {@code settledNanos}, or to its own latest edge if that is later (it
     * moves the decoder further); windows may close up to the earliest of them less the settling time.
     */
    @Override
    public long decide(long settledNanos) {
        long watermark = settledNanos;
        for (int i = 0; i < decoders.size(); i++) {
            long w = Math.max(settledNanos, lastEdgeNanos[i]);
            decidingNanos = w;
            decoders.get(i).tick(w);
            watermark = i == 0 ? w : Math.min(watermark, w);
        }
        return watermark - settleNanos;
    }

    @Override
    public WindowPart open(OpenWindow window) {
        BeamWindow w = new BeamWindow(passageNames, part -> blockedTime.closing(window, part));
        for (int i = 0; i < decoders.size(); i++) {
            if (decoders.get(i).blocked()) {
                w.blocked(i);
            }
        }
        return w;
    }

    private BeamWindow part(OpenWindow w) {
        return w.part(this, BeamWindow.class);
    }

    /** The crossings of {@code window} so far. */
    BeamCounts soFar(OpenWindow window) {
        return part(window).counts();
    }

    /** Whether any passage's state or crossings differ from {@code last}. */
    boolean changed(List<PassageState> last) {
        if (last.size() != decoders.size()) {
            return true;
        }
        for (int i = 0; i < decoders.size(); i++) {
            PassageState p = last.get(i);
            if (p.blocked() != decoders.get(i).blocked() || p.crossings() != crossingsPerPassage[i]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void publish() {
        published = states(published);
        windows.newest().ifPresent(w -> publishedSoFar = soFar(w));
    }

    /** The crossings of the newest window so far, as of the pipeline's last loop; from any thread. */
    public BeamCounts publishedSoFar() {
        return publishedSoFar;
    }

    /** Each passage's alarm state and crossings since start, as of the pipeline's last loop; from any thread. */
    public List<PassageState> published() {
        return published;
    }

    /** Each passage's alarm state and crossings since start; builds a new list only when one has changed. */
    List<PassageState> states(List<PassageState> last) {
        if (!changed(last)) {
            return last;
        }
        List<PassageState> states = new ArrayList<>(decoders.size());
        for (int i = 0; i < decoders.size(); i++) {
            states.add(new PassageState(passageNames.get(i), decoders.get(i).blocked(), crossingsPerPassage[i]));
        }
        return List.copyOf(states);
    }
}

package io.footfall.agent.window;

import io.footfall.agent.counts.CountsSection;
import io.footfall.hal.NodeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open windows and their lifecycle: tumbling, aligned to the wall clock, opened as time moves on
 * and closed once they are due. An event belongs to the window of its own timestamp; one that arrives
 * after its window closed goes to the oldest open window, so no count is ever lost. Windows are never
 * opened before the end of the last closed one (a clock stepping back cannot overlap them); they
 * follow one another without gap, up to {@link #MAX_FILL_MILLIS} of empty windows; a larger forward
 * jump leaves a gap in time that the platform can see. Used on the pipeline thread only.
 */
public final class WindowSet {
    private static final Logger LOG = LoggerFactory.getLogger(WindowSet.class);

    /** Longest run of empty windows opened to keep windows contiguous. */
    static final long MAX_FILL_MILLIS = Duration.ofHours(1).toMillis();

    private final NodeClock clock;
    private final WindowClock windows;
    private final List<NodeKind<?>> kinds;
    private final TreeMap<Long, OpenWindow> open = new TreeMap<>();
    private long floorMillis;

    /** A window just closed: its time, clock flag, seconds watched and each kind's section, in the kinds' order. */
    public record Closed(long start, long end, boolean clockSynced, long countingMillis, Map<String, CountsSection> sections) {}

    public WindowSet(NodeClock clock, Duration length, List<NodeKind<?>> kinds) {
        this.clock = clock;
        this.windows = new WindowClock(length);
        this.kinds = List.copyOf(kinds);
    }

    /** No window opens before {@code floorMillis} (the end of the last stored window) or the window now. */
    public void startAt(long floorMillis) {
        this.floorMillis = Math.max(windows.startOf(clock.wallMillis()), floorMillis);
    }

    public Duration length() {
        return windows.length();
    }

    /** The open window for an event at {@code wallMillis}, opening windows as time moves on. */
    public OpenWindow at(long wallMillis) {
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
        long next = open.lastEntry().getValue().end();
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
        OpenWindow w = new OpenWindow(start, start + windows.lengthMillis(), clock.synced());
        for (NodeKind<?> k : kinds) {
            w.add(k, k.open(w));
        }
        open.put(start, w);
        return w;
    }

    /** The open windows, oldest first. */
    public Collection<OpenWindow> all() {
        return Collections.unmodifiableCollection(open.values());
    }

    /** The newest open window, if any. */
    public Optional<OpenWindow> newest() {
        return open.isEmpty() ? Optional.empty() : Optional.of(open.lastEntry().getValue());
    }

    /** The end of the oldest open window; empty when none is open. */
    public Optional<Long> firstEnd() {
        return open.isEmpty() ? Optional.empty() : Optional.of(open.firstEntry().getValue().end());
    }

    /** Credits every open window with its share of {@code [from, to)} watched. */
    public void counted(long from, long to) {
        for (OpenWindow w : open.values()) {
            w.countingMillis += w.overlap(from, to);
        }
    }

    /** Flags every open window: the clock was not synchronised or stepped while it was open. */
    public void clockUntrusted() {
        open.values().forEach(w -> w.clockSynced = false);
    }

    /**
     * Closes every window that has been over for {@code graceRealNanos} of real time and ends at or
     * before {@code decidedUntilMillis}, oldest first; the next window opens before the last one
     * closes, so windows stay contiguous.
     */
    public List<Closed> closeDue(long decidedUntilMillis, long graceRealNanos) {
        List<Closed> closed = new ArrayList<>(1);
        while (!open.isEmpty()) {
            OpenWindow w = open.firstEntry().getValue();
            if (clock.realNanosUntil(w.end()) > -graceRealNanos || decidedUntilMillis < w.end()) {
                break;
            }
            if (open.size() == 1) {
                at(w.end());
            }
            open.pollFirstEntry();
            long counting = Math.min(w.countingMillis, w.end() - w.start());
            Map<String, CountsSection> sections = new LinkedHashMap<>();
            for (Map.Entry<NodeKind<?>, WindowPart> p : w.parts().entrySet()) {
                p.getValue().close(counting).ifPresent(s -> sections.put(p.getKey().key(), s));
            }
            closed.add(new Closed(w.start(), w.end(), w.clockSynced, counting, sections));
            floorMillis = w.end();
        }
        return closed;
    }

    /** Drops every open window unpublished (the agent stops); their secrets are destroyed. */
    public void discardAll() {
        open.values().forEach(w -> w.parts().values().forEach(WindowPart::discard));
        open.clear();
    }
}

package io.footfall.agent.window;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One window that has not closed yet: its time, whether the clock was trusted, how long it was
 * watched, and each kind's {@link WindowPart}. Used on the pipeline thread only.
 */
public final class OpenWindow {
    private final long start;
    private final long end;
    boolean clockSynced;
    /** Wall milliseconds of this window during which the agent was running and counting. */
    long countingMillis;
    private final Map<NodeKind<?>, WindowPart> parts = new LinkedHashMap<>();

    OpenWindow(long start, long end, boolean clockSynced) {
        this.start = start;
        this.end = end;
        this.clockSynced = clockSynced;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    /** Wall milliseconds of this window during which the agent was running and counting. */
    public long countingMillis() {
        return countingMillis;
    }

    /** Milliseconds of {@code [from, to)} that fall within this window. */
    public long overlap(long from, long to) {
        return Math.max(0, Math.min(to, end) - Math.max(from, start));
    }

    /** The part {@code kind} keeps in this window. */
    public <P extends WindowPart> P part(NodeKind<?> kind, Class<P> type) {
        return type.cast(parts.get(kind));
    }

    void add(NodeKind<?> kind, WindowPart part) {
        parts.put(kind, part);
    }

    Map<NodeKind<?>, WindowPart> parts() {
        return parts;
    }
}

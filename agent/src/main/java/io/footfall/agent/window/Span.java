package io.footfall.agent.window;

import java.util.Collection;
import java.util.function.ObjLongConsumer;

/**
 * A stretch of wall time during which a condition held (the capture running, a passage blocked),
 * credited to each window for its overlap: to the windows still open when the condition ends, and
 * to a window that closes while it still holds, up to that window's end. A stretch is therefore
 * credited to each window once. Used on the pipeline thread only.
 */
public final class Span {
    private static final long NONE = Long.MIN_VALUE;
    private long since = NONE;

    public boolean holds() {
        return since != NONE;
    }

    /** The condition holds from {@code wallMillis} on; does nothing if it already held. */
    public void begin(long wallMillis) {
        if (since == NONE) {
            since = wallMillis;
        }
    }

    /** The condition ended at {@code wallMillis}: credits every open window with its overlap. */
    public void end(long wallMillis, Collection<OpenWindow> open, ObjLongConsumer<OpenWindow> credit) {
        if (since == NONE) {
            return;
        }
        for (OpenWindow w : open) {
            credit.accept(w, w.overlap(since, wallMillis));
        }
        since = NONE;
    }

    /** What a window closing now owes to this span: its overlap up to the window's end. */
    public long upToEndOf(OpenWindow w) {
        return upTo(w, w.end());
    }

    /** The overlap of this span, if it holds, with a window, counting until {@code wallMillis}. */
    public long upTo(OpenWindow w, long wallMillis) {
        return since == NONE ? 0 : w.overlap(since, wallMillis);
    }
}

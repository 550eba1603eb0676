package io.footfall.agent.window.beam;

import io.footfall.agent.window.OpenWindow;
import io.footfall.agent.window.Span;
import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.BeamEdge;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.Function;

/**
 * For how long each passage was blocked, credited to windows: from the raw edge that broke the beam
 * to the one that cleared it, for the blockages the decoder raised its alarm for. The alarm comes
 * {@code beam-blocked-after} after the break and is cleared a little after the clearing edge
 * (debounce, the pipeline's pace); the raw edges say when it really began and ended. Used on the
 * pipeline thread only.
 */
final class BlockedTime {
    private static final long NONE = Long.MIN_VALUE;

    private final NodeClock clock;
    private final long blockedAfterMillis;
    /** Per passage and beam, the raw edge that broke it while it stays broken. */
    private final long[][] brokenAtNanos;
    /** Per passage, the latest raw edge that cleared one of its beams. */
    private final long[] clearedAtNanos;
    private final Span[] spans;

    BlockedTime(int passages, Duration blockedAfter, NodeClock clock) {
        this.clock = clock;
        this.blockedAfterMillis = blockedAfter.toMillis();
        this.brokenAtNanos = new long[passages][2];
        Arrays.stream(brokenAtNanos).forEach(b -> Arrays.fill(b, NONE));
        this.clearedAtNanos = new long[passages];
        Arrays.fill(clearedAtNanos, NONE);
        this.spans = new Span[passages];
        Arrays.setAll(spans, i -> new Span());
    }

    /** A raw edge of {@code passage}, before the decoder sees it. */
    void edge(int passage, BeamEdge e) {
        int b = e.beam().ordinal();
        if (!e.broken()) {
            brokenAtNanos[passage][b] = NONE;
            clearedAtNanos[passage] = e.tNanos();
        } else if (brokenAtNanos[passage][b] == NONE) {
            brokenAtNanos[passage][b] = e.tNanos();
        }
    }

    /**
     * The decoder raised or cleared the alarm of {@code passage} when deciding up to {@code atNanos}.
     * A blockage begins at the raw edge that broke the beam, or {@code beam-blocked-after} before the
     * alarm if the beam flickered since; it ends at the latest clearing edge.
     */
    void alarm(int passage, boolean blocked, long atNanos, Collection<OpenWindow> open, Function<OpenWindow, BeamWindow> part) {
        long at = clock.wallMillisAt(atNanos);
        if (blocked) {
            long since = at - blockedAfterMillis;
            for (long broke : brokenAtNanos[passage]) {
                if (broke != NONE) {
                    since = Math.min(since, clock.wallMillisAt(broke));
                }
            }
            spans[passage].begin(since);
        } else {
            long cleared = clearedAtNanos[passage];
            long until = cleared == NONE ? at : Math.min(at, clock.wallMillisAt(cleared));
            spans[passage].end(until, open, (w, millis) -> part.apply(w).blockedFor(passage, millis));
        }
    }

    /** Credits a window that closes while passages are still blocked, up to its end. */
    void closing(OpenWindow w, BeamWindow part) {
        for (int i = 0; i < spans.length; i++) {
            part.blockedFor(i, spans[i].upToEndOf(w));
        }
    }
}

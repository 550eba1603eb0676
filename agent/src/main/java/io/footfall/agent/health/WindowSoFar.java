package io.footfall.agent.health;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.Coverage;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The window now open, as the status file shows it to {@code footfall watch} and {@code diag}:
 * beam counts so far (in the counts message's own encoding) and how many probe requests it took
 * in. Wi-Fi device figures exist only once the window closes.
 */
public record WindowSoFar(Instant start, Instant end, BeamCounts beam, long probes,
        CoverageSoFar coverage) {
    public WindowSoFar {
        Objects.requireNonNull(start, "window.start");
        Objects.requireNonNull(end, "window.end");
        Objects.requireNonNull(beam, "window.beam");
        Objects.requireNonNull(coverage, "window.coverage");
    }

    /**
     * Coverage so far: {@code of} is the time elapsed in the window, not its length.
     *
     * @param capturing seconds the Wi-Fi capture ran; absent when the node does not count Wi-Fi
     */
    public record CoverageSoFar(long counting, long of, OptionalLong capturing) {
        public CoverageSoFar {
            Objects.requireNonNull(capturing, "window.coverage.capturing");
        }

        public static CoverageSoFar of(Coverage c) {
            return new CoverageSoFar(c.counting(), c.of(), c.wifi().map(w -> OptionalLong.of(w.capturing())).orElse(OptionalLong.empty()));
        }

        /** Less was watched than has elapsed (a restart in the window, a clock step). */
        public boolean partial() {
            return counting < of;
        }
    }
}

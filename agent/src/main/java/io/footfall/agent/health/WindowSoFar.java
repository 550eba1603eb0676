package io.footfall.agent.health;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.Coverage;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The window now open, as the status file shows it to {@code footfall watch} and {@code diag}: each
 * sensor kind's figures so far ({@link KindWindow}: beam counts in the counts message's own
 * encoding, how many probe requests it took in), then its coverage. Wi-Fi device figures exist only
 * once the window closes.
 *
 * @param sensors each kind's figures under its key, in the kinds' order; their components are written
 *     in the window object itself ({@link HealthJson})
 */
public record WindowSoFar(Instant start, Instant end, Map<String, KindWindow> sensors, CoverageSoFar coverage) {
    public WindowSoFar {
        Objects.requireNonNull(start, "window.start");
        Objects.requireNonNull(end, "window.end");
        sensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(sensors, "window.sensors")));
        Objects.requireNonNull(coverage, "window.coverage");
    }

    /** A window of a node with the standard kinds only: crossings and Wi-Fi. */
    public WindowSoFar(Instant start, Instant end, BeamCounts beam, long probes, CoverageSoFar coverage) {
        this(start, end, standard(beam, probes), coverage);
    }

    private static Map<String, KindWindow> standard(BeamCounts beam, long probes) {
        Map<String, KindWindow> m = new LinkedHashMap<>();
        m.put(BeamHealth.KIND.key(), new BeamSoFar(beam));
        m.put(WifiHealth.KIND.key(), new WifiSoFar(probes));
        return m;
    }

    /** The crossings so far. */
    public BeamCounts beam() {
        KindWindow b = sensors.get(BeamHealth.KIND.key());
        if (!(b instanceof BeamSoFar beam)) {
            throw new IllegalStateException("no beam counts in this window");
        }
        return beam.beam();
    }

    /** Probe requests taken in so far; 0 without Wi-Fi. */
    public long probes() {
        return sensors.get(WifiHealth.KIND.key()) instanceof WifiSoFar w ? w.probes() : 0;
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

package io.footfall.agent.counts;

import io.footfall.agent.privacy.WifiCounts;
import java.util.Objects;
import java.util.Optional;

/**
 * One closed window as published on {@code footfall/v1/{site}/{node}/counts}; see docs/MQTT.md.
 *
 * @param id the platform's de-duplication key: {@code node/stream/seq}, stable across re-sends
 * @param seq one more than the previous window's, per node, across restarts
 * @param coverage how much of the window the node watched
 */
public record CountsMessage(String site, String node, String id, long seq, WindowInfo window, BeamCounts beam, Optional<WifiCounts> wifi,
        Coverage coverage) {
    public static final String SCHEMA = "footfall.counts/1";

    public CountsMessage {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(beam, "beam");
        Objects.requireNonNull(wifi, "wifi");
        Objects.requireNonNull(coverage, "coverage");
        if (coverage.of() != (window.endMillis() - window.startMillis()) / 1000) {
            throw new IllegalArgumentException("coverage of " + coverage.of() + " s is not the window's length");
        }
    }

    /**
     * @param clockSynced false when the wall clock was not known to be synchronised while the window was open
     */
    public record WindowInfo(long startMillis, long endMillis, boolean clockSynced) {
        public WindowInfo {
            if (endMillis <= startMillis) {
                throw new IllegalArgumentException("window must end after it starts");
            }
        }
    }
}

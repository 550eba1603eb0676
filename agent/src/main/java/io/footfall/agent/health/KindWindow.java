package io.footfall.agent.health;

import java.util.List;

/**
 * A sensor kind's figures for the window now open, in the status file's {@code window} (a record
 * whose components are written in the window object itself: {@code beam} for {@link BeamSoFar},
 * {@code probes} for {@link WifiSoFar}) and on {@code footfall watch}'s window line.
 */
public interface KindWindow {
    /** Its figures on the window's line in {@code footfall watch}, e.g. {@code in 3  out 3}. */
    String summary();

    /** Its lines below the window's line, without line ends. */
    default List<String> lines() {
        return List.of();
    }
}

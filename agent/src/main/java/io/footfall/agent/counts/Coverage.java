package io.footfall.agent.counts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How much of a window the node watched, so that the platform can tell "nobody passed" from
 * "nobody was looking" (docs/MQTT.md, "Coverage"). Whole seconds, rounded down: a window is never
 * said to be watched for longer than it was.
 *
 * @param counting seconds of the window during which the agent was running and counting; less than
 *     {@code of} after a restart in the window, a clock step, or a window opened before start-up
 * @param of the window's length in seconds (summed over the parts of a merged message)
 * @param wifi the Wi-Fi capture's share; empty when the node does not count Wi-Fi
 */
public record Coverage(long counting, long of, Optional<Wifi> wifi) {
    public Coverage {
        Objects.requireNonNull(wifi, "wifi");
        if (of <= 0 || counting < 0 || counting > of) {
            throw new IllegalArgumentException("coverage must be 0 <= counting <= of and of > 0: " + counting + "/" + of);
        }
        wifi.ifPresent(w -> {
            if (w.capturing() > of) {
                throw new IllegalArgumentException("capturing " + w.capturing() + " s exceeds the window's " + of + " s");
            }
        });
    }

    /**
     * @param capturing seconds of the window during which the capture was running and delivering
     *     frames (state {@code RUNNING}); not while starting, restarting, failed or quiet
     * @param channels the channels the radio hopped over while capturing in this window, ascending;
     *     empty when nothing was captured or the capture does not tune the radio itself (a
     *     {@code capture-command}, the simulator)
     */
    public record Wifi(long capturing, List<Integer> channels) {
        public Wifi {
            channels = List.copyOf(channels);
            if (capturing < 0) {
                throw new IllegalArgumentException("capturing cannot be negative");
            }
        }
    }
}

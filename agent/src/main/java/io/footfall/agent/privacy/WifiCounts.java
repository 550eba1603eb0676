package io.footfall.agent.privacy;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one window publishes about Wi-Fi. When {@code suppressed}, every figure is zero and only the
 * fact of suppression, {@code k} and the noise setting leave the node. With noise on, each figure
 * carries its own noise: {@code devices} is {@code universal + randomized}, but the dwell bins need
 * not add up to {@code estimated}.
 *
 * @param devices distinct addresses heard at or above the RSSI floor
 * @param universal of which globally unique (universally administered)
 * @param randomized of which locally administered, usually randomised
 * @param estimated estimated number of phones, linking the randomised addresses of one phone
 * @param dwell how long the estimated phones stayed within the window
 * @param suppressed whether the estimate fell below {@code k} and the figures are withheld
 * @param k the minimum estimate below which figures are suppressed
 * @param epsilon the differential-privacy budget spent on this window, when noise is on
 * @param estimatedLow the lower end of the 80% interval around {@code estimated} (calibrated on real
 *     phones, see docs/PRIVACY.md); 0 when suppressed
 * @param estimatedHigh the upper end of that interval; 0 when suppressed
 */
public record WifiCounts(int devices, int universal, int randomized, int estimated, DwellHistogram dwell,
        boolean suppressed, int k, OptionalDouble epsilon, int estimatedLow, int estimatedHigh) {
    public WifiCounts {
        Objects.requireNonNull(dwell, "dwell");
        Objects.requireNonNull(epsilon, "epsilon");
        if (devices < 0 || universal < 0 || randomized < 0 || estimated < 0 || k < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
        if (estimatedLow < 0 || estimatedLow > estimated || estimatedHigh < estimated) {
            throw new IllegalArgumentException("the interval " + estimatedLow + ".." + estimatedHigh + " must hold the estimate "
                    + estimated);
        }
    }

    /** Figures without an interval of their own (older messages, tests): the interval is the estimate itself. */
    public WifiCounts(int devices, int universal, int randomized, int estimated, DwellHistogram dwell, boolean suppressed, int k,
            OptionalDouble epsilon) {
        this(devices, universal, randomized, estimated, dwell, suppressed, k, epsilon, estimated, estimated);
    }

    static WifiCounts suppressed(int k, OptionalDouble epsilon) {
        return new WifiCounts(0, 0, 0, 0, DwellHistogram.EMPTY, true, k, epsilon, 0, 0);
    }
}

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
 */
public record WifiCounts(int devices, int universal, int randomized, int estimated, DwellHistogram dwell,
        boolean suppressed, int k, OptionalDouble epsilon) {
    public WifiCounts {
        Objects.requireNonNull(dwell, "dwell");
        Objects.requireNonNull(epsilon, "epsilon");
        if (devices < 0 || universal < 0 || randomized < 0 || estimated < 0 || k < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }

    static WifiCounts suppressed(int k, OptionalDouble epsilon) {
        return new WifiCounts(0, 0, 0, 0, DwellHistogram.EMPTY, true, k, epsilon);
    }
}

package io.footfall.agent.privacy;

/**
 * What one window publishes about Wi-Fi. When {@code suppressed}, the device figures are zero and
 * only the fact of suppression and {@code k} leave the node.
 *
 * @param devices distinct addresses heard at or above the RSSI floor
 * @param universal of which globally unique (universally administered)
 * @param randomized of which locally administered, usually randomised
 * @param estimated estimated number of phones, linking randomised addresses of one phone
 * @param suppressed whether the counts fell below {@code k} and are withheld
 * @param k the minimum count below which figures are suppressed
 */
public record WifiCounts(int devices, int universal, int randomized, int estimated, boolean suppressed, int k) {
    public WifiCounts {
        if (devices < 0 || universal < 0 || randomized < 0 || estimated < 0 || k < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }
}

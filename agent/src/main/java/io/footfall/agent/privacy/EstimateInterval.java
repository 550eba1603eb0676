package io.footfall.agent.privacy;

/**
 * The 80% interval published around {@code estimated}, from a per-phone error model fitted on the
 * FIT phones of scripts/bench-wifi-truth (split, fit and measured coverage in docs/BENCHMARKS.md and
 * scripts/study-wifi-truth-interval). A universal address is one phone, so the uncertainty lies in
 * the randomised part {@code estimated - universal}. Each of its phones was counted {@link #EXCESS}
 * too many on average (a FIT phone alone, by model, then averaged over the models), with variance
 * {@link #PER_PHONE_VARIANCE} per phone; and since that mean comes from only {@link #MODELS} models,
 * its own uncertainty ({@link #BETWEEN_MODEL_VARIANCE} / models) is added per phone squared, so the
 * interval widens with the count instead of shrinking to nothing. The interval is the estimate less
 * the expected excess, plus and minus 1.28 standard deviations (the normal 10th and 90th
 * percentiles), rounded to whole phones.
 *
 * <p>Works on the published figures only, after noise when noise is on, so it costs no privacy
 * budget. The high end is never above {@code devices} (a phone uses at least one address) and the
 * low end is at least 1 when any device was heard; both hold the estimate.
 */
final class EstimateInterval {
    /** Mean over the 9 randomising FIT models of (estimate - 1) in their single-phone windows. */
    static final double EXCESS = 0.098;
    /** Mean over those models of the per-window variance of that excess around {@link #EXCESS}. */
    static final double PER_PHONE_VARIANCE = 0.107;
    /** Variance of the 9 models' mean excess: how much one model differs from another. */
    static final double BETWEEN_MODEL_VARIANCE = 0.016;
    static final int MODELS = 9;
    /** The normal distribution's 90th percentile: 80% between -Z and +Z. */
    static final double Z = 1.2816;

    private EstimateInterval() {}

    /** {low, high} for an estimate, the addresses it was made from, and how many of them were universal. */
    static int[] of(int estimated, int devices, int universal) {
        if (estimated == 0) {
            return new int[] {0, 0};
        }
        double randomised = Math.max(0, estimated - Math.min(universal, estimated));
        double phones = randomised / (1 + EXCESS); // the randomised part, less its expected excess
        double centre = estimated - phones * EXCESS;
        double sd = Math.sqrt(phones * PER_PHONE_VARIANCE + phones * phones * BETWEEN_MODEL_VARIANCE / MODELS);
        long low = Math.round(centre - Z * sd);
        long high = Math.round(centre + Z * sd);
        int lo = (int) Math.max(devices > 0 ? 1 : 0, Math.min(estimated, low));
        int hi = (int) Math.max(estimated, Math.min(Math.max(devices, estimated), high));
        return new int[] {lo, hi};
    }
}

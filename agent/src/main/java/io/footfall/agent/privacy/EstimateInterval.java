package io.footfall.agent.privacy;

/**
 * The 80% interval published around {@code estimated}: multiplicative factors per regime of the
 * estimate, the 10th and 90th percentiles of true phones / estimate over the FIT windows of
 * scripts/bench-wifi-truth (single phones and overlays of 2-11 real phones; split and measured
 * coverage in docs/BENCHMARKS.md). Works on the published figures only, after noise when noise is
 * on, so it costs no privacy budget. The high end never exceeds {@code devices}: a phone uses at
 * least one address. The low end is at least 1 when any device was heard.
 */
final class EstimateInterval {
    /** Regimes by estimate: 1; 2-4; 5 or more. Fitted on FIT, rounded down/up to two decimals. */
    private static final double[] LOW = {1.00, 0.50, 0.88};
    private static final double[] HIGH = {1.00, 1.00, 1.00};

    private EstimateInterval() {}

    /** {low, high} for an estimate and the addresses it was made from. */
    static int[] of(int estimated, int devices) {
        if (estimated == 0) {
            return new int[] {0, 0};
        }
        int regime = estimated == 1 ? 0 : estimated <= 4 ? 1 : 2;
        int low = Math.max(devices > 0 ? 1 : 0, Math.min(estimated, (int) Math.floor(estimated * LOW[regime])));
        int high = Math.max(estimated, Math.min(Math.max(devices, estimated), (int) Math.ceil(estimated * HIGH[regime])));
        return new int[] {low, high};
    }
}

package io.footfall.sim.wifi;

import java.util.List;

/**
 * How one kind of phone probes, calibrated to real captures of phones whose identity is known
 * (docs/SIMULATOR.md: fitted on the 22 phones of the Cagliari set, checked on the five phones of
 * the ProbingPatterns set). Several simulated phones share each model, so their fingerprints
 * cluster as they do on a real street.
 *
 * <p>A phone scans in bursts. Between bursts it waits its own period: drawn once per phone between
 * {@code activeMinSeconds} and {@code activeMaxSeconds} (log-uniformly) while its user is active,
 * and between the idle bounds while the phone is idle (locked, in a pocket); it switches between the
 * two every few minutes, spending {@code activeShare} of its time active. Android phones keep their
 * period to within a percent or two, iPhones wander ({@code periodJitter}, relative). Each burst
 * carries a log-normal number of frames around {@code framesMedian}, as heard by a sniffer on
 * channels 1, 6 and 11 at once.
 *
 * @param os "iOS" or "Android"
 * @param weight share of the street, relative to the other models
 * @param fingerprint the IE digest every phone of this model sends (models of one OS generation may
 *     share one); 0 for a model whose phones each have a fingerprint of their own (the long tail)
 * @param framesSigma spread of the log-normal number of frames per burst
 * @param newAddressPerBurst chance that a randomising phone takes a new address at the start of a burst
 * @param rotateWithinBurst chance that a randomising phone also changes address during a burst,
 *     every {@code framesPerAddress} frames (iOS 16 does it almost always)
 * @param seqContinues chance that the 802.11 sequence counter carries on across an address change
 *     (otherwise it restarts at a random value)
 * @param directedShare share of probes that name a network instead of the wildcard SSID
 * @param duplicateShare share of frames heard twice (same address and sequence number, e.g. on two
 *     channels)
 * @param rssiSd standard deviation of the signal from one frame to the next, in dB
 */
public record PhoneModel(String name, String os, double weight, long fingerprint,
        double activeMinSeconds, double activeMaxSeconds, double idleMinSeconds, double idleMaxSeconds, double activeShare,
        double periodJitter, double framesMedian, double framesSigma, double newAddressPerBurst, double rotateWithinBurst,
        int framesPerAddress, double seqContinues, double directedShare, double duplicateShare, double rssiSd) {

    public PhoneModel {
        if (!(weight > 0) || !(activeMinSeconds > 0) || activeMaxSeconds < activeMinSeconds || !(idleMinSeconds > 0)
                || idleMaxSeconds < idleMinSeconds || !(framesMedian >= 1) || framesSigma < 0 || framesPerAddress < 1
                || !(periodJitter >= 0 && periodJitter < 1) || !(rssiSd >= 0)
                || !probability(activeShare) || !probability(newAddressPerBurst) || !probability(rotateWithinBurst)
                || !probability(seqContinues) || !probability(directedShare) || !probability(duplicateShare)
                || !(os.equals("iOS") || os.equals("Android"))) {
            throw new IllegalArgumentException("inconsistent phone model " + name);
        }
    }

    private static boolean probability(double p) {
        return p >= 0 && p <= 1;
    }

    /** iPhones of the current generation (iOS 14 and later) share one set of information elements. */
    private static final long IOS_RECENT = 0x51A7_0C3E_94D2_2B01L;
    private static final long IOS_OLD = 0x51A7_0C3E_94D2_2B02L;

    /**
     * The models the simulator draws phones from, with their shares of the street. Each line names
     * the calibration phones (Cagliari device letters) it was fitted to; see docs/SIMULATOR.md.
     */
    public static List<PhoneModel> catalogue() {
        return List.of(
                // W (iPhone 12): a new address every burst and every couple of frames within one, counter restarts
                new PhoneModel("iphone-recent-busy", "iOS", 0.24, IOS_RECENT, 4, 15, 30, 120, 0.6, 0.35,
                        10, 0.6, 1.0, 0.95, 3, 0.02, 0, 0.03, 3),
                // M, U (iPhone XS Max, XR): few frames, long idle gaps, a new address per burst, counter restarts
                new PhoneModel("iphone-recent", "iOS", 0.12, IOS_RECENT, 4, 20, 90, 280, 0.3, 0.35,
                        4, 0.6, 1.0, 0.05, 2, 0.03, 0, 0.03, 3),
                // N, X (iPhone 6, 7): address kept across bursts for minutes, counter carries on, directed probes
                new PhoneModel("iphone-old", "iOS", 0.04, IOS_OLD, 3, 5, 30, 190, 0.5, 0.1,
                        3, 1.0, 0.15, 0.1, 2, 0.95, 0.5, 0.06, 4),
                // I, K, R, D, H, C, G, Q (Samsung S/J, Huawei): fixed period, ~18 frames, counter carries on
                new PhoneModel("android-periodic", "Android", 0.22, 0x7A3E_61F0_0B5D_9C11L, 5, 30, 120, 300, 0.4, 0.01,
                        18, 0.2, 0.97, 0.02, 6, 0.95, 0.05, 0.1, 13),
                // A, L, V, O (Samsung M31, Pixel 3A, OnePlus Nord): fixed long period, counter restarts
                new PhoneModel("android-private", "Android", 0.16, 0x2C90_D4A1_77E3_0521L, 60, 180, 160, 300, 0.4, 0.01,
                        14, 0.3, 1.0, 0.01, 6, 0.05, 0, 0.08, 12),
                // B, J, S, E (Xiaomi): 20 s period, long bursts, several addresses per burst, directed probes
                new PhoneModel("xiaomi", "Android", 0.12, 0x0E4B_93C2_5AF1_6D31L, 15, 25, 40, 190, 0.6, 0.01,
                        30, 0.9, 1.0, 0.3, 12, 0.97, 0.45, 0.12, 14),
                // T (Redmi Note 9S) and the rest: 20 s period, counter restarts, a fingerprint of its own
                new PhoneModel("long-tail", "Android", 0.10, 0, 15, 30, 60, 180, 0.5, 0.02,
                        12, 0.3, 1.0, 0.01, 6, 0.05, 0, 0.05, 5));
    }
}

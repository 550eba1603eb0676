package io.footfall.sim.wifi;

import java.util.List;

/**
 * How one kind of phone probes: how it randomises its address, whether its 802.11 sequence counter
 * carries on across an address change, how often it bursts, and the digest of the information
 * elements that identify it. Several simulated phones share each model, so their fingerprints
 * cluster as they do on a real street.
 *
 * <p>The catalogue is illustrative, not a survey: its shape follows published measurements (address
 * randomisation per scan, per SSID or on a timer; many Android builds keep the sequence counter
 * running across address changes while others restart it at a random value; bursts tens of seconds
 * apart; IE fingerprints shared by every phone of a model and OS version), its numbers are ours.
 *
 * @param fingerprint the IE digest every phone of this model sends; 0 for a model whose phones each
 *     have a fingerprint of their own (the long tail of rare models and settings)
 * @param ssids directed probes per burst besides the broadcast one (used by {@link Rotation#PER_SSID})
 * @param rotateMinSeconds shortest life of an address under {@link Rotation#TIMED}
 * @param rotateMaxSeconds longest life of an address under {@link Rotation#TIMED}
 * @param framesPerTarget probe requests sent per burst and target, over all channels; the node, on
 *     one channel at a time, hears a few of them
 */
public record PhoneModel(String name, double weight, long fingerprint, Rotation rotation, boolean seqContinues,
        double burstMinSeconds, double burstMaxSeconds, int ssids, double rotateMinSeconds, double rotateMaxSeconds,
        int framesPerTarget) {

    /** When a randomising phone takes a new locally administered address. */
    public enum Rotation {
        /** A new address for every burst of probes. */
        PER_BURST,
        /** A new address for every SSID probed in a burst, and anew every burst. */
        PER_SSID,
        /** One address for a few minutes, then the next. */
        TIMED
    }

    public PhoneModel {
        if (!(weight > 0) || !(burstMinSeconds > 0) || burstMaxSeconds < burstMinSeconds || ssids < 0
                || framesPerTarget < 1 || (rotation == Rotation.TIMED && !(rotateMinSeconds > 0 && rotateMaxSeconds >= rotateMinSeconds))) {
            throw new IllegalArgumentException("inconsistent phone model " + name);
        }
    }

    /** The models the simulator draws phones from, with their shares of the street. */
    public static List<PhoneModel> catalogue() {
        return List.of(
                new PhoneModel("iphone-recent", 0.28, 0x51A7_0C3E_94D2_2B01L, Rotation.PER_BURST, false, 40, 120, 0, 0, 0, 13),
                new PhoneModel("iphone-older", 0.10, 0x51A7_0C3E_94D2_2B02L, Rotation.PER_BURST, false, 30, 90, 0, 0, 0, 13),
                new PhoneModel("galaxy-s", 0.14, 0x7A3E_61F0_0B5D_9C11L, Rotation.TIMED, true, 20, 60, 0, 300, 900, 13),
                new PhoneModel("galaxy-a", 0.12, 0x7A3E_61F0_0B5D_9C12L, Rotation.PER_BURST, true, 20, 60, 0, 0, 0, 13),
                new PhoneModel("pixel", 0.07, 0x2C90_D4A1_77E3_0521L, Rotation.PER_BURST, true, 20, 60, 0, 0, 0, 13),
                new PhoneModel("redmi", 0.10, 0x0E4B_93C2_5AF1_6D31L, Rotation.PER_SSID, true, 30, 90, 2, 0, 0, 13),
                new PhoneModel("huawei", 0.05, 0x6F12_8BD0_3C7A_E441L, Rotation.TIMED, false, 30, 90, 0, 180, 600, 13),
                new PhoneModel("android-old", 0.07, 0x3B5E_0F9C_D218_7A51L, Rotation.PER_SSID, false, 15, 45, 1, 0, 0, 13),
                new PhoneModel("long-tail", 0.07, 0, Rotation.PER_BURST, true, 20, 90, 0, 0, 0, 13));
    }
}

package io.footfall.sim.beam;

import io.footfall.hal.Options;
import java.util.Map;
import java.util.Set;

/**
 * How people use one simulated passage and how good its sensors are.
 *
 * @param spacing metres between beam A and beam B (key {@code sim-spacing})
 * @param width passage width, metres; people walk in lanes of 0.6 m, so a 1.2 m door has two
 *     (key {@code sim-width})
 * @param noise sensor noise level: 0 clean, 1 a typical outdoor door (edge chatter on half the
 *     edges, sun-glare dropouts about once per 2 s of occlusion, 20 spurious breaks per beam per
 *     hour), 2 twice that (key {@code sim-noise})
 * @param groups share of arrivals that are groups of 2-4 walking side by side (key {@code sim-groups})
 * @param aborts share of arrivals that step into the beams and turn back (key {@code sim-aborts})
 * @param inShare share of people going in (A→B)
 * @param headway the least distance, metres, a follower keeps behind the person ahead in the same
 *     lane (key {@code sim-headway}); 0 lets people touch, which two beams cannot separate
 */
public record CrowdSettings(double spacing, double width, double noise, double groups, double aborts, double inShare, double headway) {
    /**
     * A single-file door with clean sensors where 2% of arrivals turn back: what the simulated
     * node runs unless told otherwise, so that its counts can be checked against ground truth.
     */
    public static final CrowdSettings DEFAULTS = new CrowdSettings(0.10, 0.6, 0, 0, 0.02, 0.5, 0.2);

    public CrowdSettings {
        if (!(spacing > 0) || !(width > 0) || !(noise >= 0) || !(groups >= 0 && groups <= 1)
                || !(aborts >= 0 && aborts <= 1) || !(inShare >= 0 && inShare <= 1) || !(headway >= 0)) {
            throw new IllegalArgumentException("crowd settings out of range");
        }
    }

    public int lanes() {
        return Math.max(1, (int) Math.floor(width / 0.6 + 1e-9));
    }

    public CrowdSettings withNoise(double level) {
        return new CrowdSettings(spacing, width, level, groups, aborts, inShare, headway);
    }

    /** The settings {@link #fromOptions} reads. */
    public static final Set<String> KEYS = Set.of("sim-spacing", "sim-width", "sim-noise", "sim-groups", "sim-aborts",
            "sim-headway");

    /** Reads the {@code sim-*} keys named above, defaults for the rest; a bad value names its key. */
    public static CrowdSettings fromOptions(Map<String, String> o) {
        CrowdSettings d = DEFAULTS;
        return new CrowdSettings(
                Options.number(o, "sim-spacing", d.spacing, 0.01, 2),
                Options.number(o, "sim-width", d.width, 0.3, 20),
                Options.number(o, "sim-noise", d.noise, 0, 5),
                Options.number(o, "sim-groups", d.groups, 0, 1),
                Options.number(o, "sim-aborts", d.aborts, 0, 1),
                d.inShare,
                Options.number(o, "sim-headway", d.headway, 0, 5));
    }
}

package io.footfall.agent.beam;

import io.footfall.hal.ConfigException;
import io.footfall.hal.Options;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Timings of the direction decoder; docs/BEAMS.md explains each with a diagram.
 *
 * @param debounce a level (broken or clear) that lasts less than this is ignored: edge chatter and
 *     sun-glare dropouts inside a break. Key {@code beam-debounce}.
 * @param minBreak a break shorter than this is ignored (insects, rain); at least {@code debounce}
 *     in effect. Key {@code beam-min-break}.
 * @param maxTransit one person's two occlusions start, and end, no further apart than this; a break
 *     with no partner on the other beam within it counts nothing. Key {@code beam-max-transit}.
 * @param maxGap both beams clear for this long ends an episode; also how far apart one person's
 *     two occlusions may be when the body is thinner than the beam spacing. Key {@code beam-max-gap}.
 * @param blockedAfter a beam broken for longer than this raises the passage's {@code blocked} alarm.
 *     Key {@code beam-blocked-after}.
 * @param spacing distance between beam A and beam B in metres, used only by {@code splitDepth}.
 *     Key {@code beam-spacing}.
 * @param splitDepth a single occlusion deeper than this many metres (speed from the beam lag times
 *     the occlusion time) counts as two people side by side; 0 turns this off. Key {@code beam-split-depth}.
 */
public record DecoderSettings(
        Duration debounce,
        Duration minBreak,
        Duration maxTransit,
        Duration maxGap,
        Duration blockedAfter,
        double spacing,
        double splitDepth) {

    public static final DecoderSettings DEFAULTS = new DecoderSettings(
            Duration.ofMillis(30), Duration.ofMillis(40), Duration.ofSeconds(3), Duration.ofMillis(250),
            Duration.ofSeconds(10), 0.10, 0);


    public DecoderSettings {
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(minBreak, "minBreak");
        Objects.requireNonNull(maxTransit, "maxTransit");
        Objects.requireNonNull(maxGap, "maxGap");
        Objects.requireNonNull(blockedAfter, "blockedAfter");
        if (debounce.isNegative() || minBreak.isNegative() || maxGap.isNegative()) {
            throw new IllegalArgumentException("debounce, min break and max gap must not be negative");
        }
        if (maxTransit.isNegative() || maxTransit.isZero() || blockedAfter.isNegative() || blockedAfter.isZero()) {
            throw new IllegalArgumentException("max transit and blocked-after must be positive");
        }
        if (!(spacing > 0) || !(splitDepth >= 0)) {
            throw new IllegalArgumentException("spacing must be positive and split depth not negative");
        }
    }

    /** The settings {@link #fromOptions} reads. */
    public static final Set<String> KEYS = Set.of("beam-debounce", "beam-min-break", "beam-max-transit", "beam-max-gap",
            "beam-blocked-after", "beam-spacing", "beam-split-depth");

    /**
     * Reads the {@code beam-*} keys from {@code options}, each falling back to {@link #DEFAULTS};
     * other keys are ignored. Durations are written {@code 30ms}, {@code 0.25s}, {@code 3s} or {@code 1m}.
     *
     * @throws ConfigException naming the key, the value and what is allowed
     */
    public static DecoderSettings fromOptions(Map<String, String> options) {
        DecoderSettings d = DEFAULTS;
        return new DecoderSettings(
                Options.duration(options, "beam-debounce", d.debounce, Duration.ZERO, Duration.ofSeconds(1)),
                Options.duration(options, "beam-min-break", d.minBreak, Duration.ZERO, Duration.ofSeconds(1)),
                Options.duration(options, "beam-max-transit", d.maxTransit, Duration.ofMillis(100), Duration.ofMinutes(1)),
                Options.duration(options, "beam-max-gap", d.maxGap, Duration.ZERO, Duration.ofSeconds(5)),
                Options.duration(options, "beam-blocked-after", d.blockedAfter, Duration.ofSeconds(1), Duration.ofHours(1)),
                Options.number(options, "beam-spacing", d.spacing, 0.01, 2),
                Options.number(options, "beam-split-depth", d.splitDepth, 0, 10));
    }
}

package io.footfall.agent.beam;

import io.footfall.hal.ConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");

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

    /**
     * Reads the {@code beam-*} keys from {@code options}, each falling back to {@link #DEFAULTS};
     * other keys are ignored. Durations are written {@code 30ms}, {@code 0.25s}, {@code 3s} or {@code 1m}.
     *
     * @throws ConfigException naming the key, the value and what is allowed
     */
    public static DecoderSettings fromOptions(Map<String, String> options) {
        DecoderSettings d = DEFAULTS;
        return new DecoderSettings(
                duration(options, "beam-debounce", d.debounce, Duration.ZERO, Duration.ofSeconds(1)),
                duration(options, "beam-min-break", d.minBreak, Duration.ZERO, Duration.ofSeconds(1)),
                duration(options, "beam-max-transit", d.maxTransit, Duration.ofMillis(100), Duration.ofMinutes(1)),
                duration(options, "beam-max-gap", d.maxGap, Duration.ZERO, Duration.ofSeconds(5)),
                duration(options, "beam-blocked-after", d.blockedAfter, Duration.ofSeconds(1), Duration.ofHours(1)),
                metres(options, "beam-spacing", d.spacing, 0.01, 2),
                metres(options, "beam-split-depth", d.splitDepth, 0, 10));
    }

    private static Duration duration(Map<String, String> o, String key, Duration dflt, Duration min, Duration max) {
        String v = o.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double unitNanos = switch (m.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                default -> 60e9;
            };
            Duration d = Duration.ofNanos(Math.round(n * unitNanos));
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                return d;
            }
        }
        throw new ConfigException(key, v, "a duration from " + text(min) + " to " + text(max) + ", e.g. 40ms, 0.25s, 3s");
    }

    private static double metres(Map<String, String> o, String key, double dflt, double min, double max) {
        String v = o.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ConfigException(key, v, "metres from " + min + " to " + max);
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}

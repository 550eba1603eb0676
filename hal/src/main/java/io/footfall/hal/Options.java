package io.footfall.hal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one setting from a map of settings by key, the way every component does: absent or blank
 * means the default, anything else must parse and lie within bounds, or a {@link ConfigException}
 * names the key, the value and what is allowed.
 */
public final class Options {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|s|m|h|d)");

    private Options() {}

    /** A number from {@code min} to {@code max}. */
    public static double number(Map<String, String> options, String key, double dflt, double min, double max) {
        String v = options.get(key);
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
        throw new ConfigException(key, v, "a number from " + text(min) + " to " + text(max));
    }

    /** A duration from {@code min} to {@code max}, written {@code 40ms}, {@code 0.25s}, {@code 5m}, {@code 1h}, {@code 7d} or {@code PT5M}. */
    public static Duration duration(Map<String, String> options, String key, Duration dflt, Duration min, Duration max) {
        String v = options.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            Duration d = parseDuration(v);
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new ConfigException(key, v, "a duration from " + text(min) + " to " + text(max) + ", e.g. 40ms, 0.25s, 30s, 5m, 1h");
    }

    /** Parses {@code 500ms}, {@code 0.25s}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} or ISO-8601 {@code PT5M}. */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration: " + text, e);
            }
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        double unitNanos = switch (m.group(2)) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> 86_400e9;
        };
        return Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * unitNanos));
    }

    /** A duration as a person writes it: {@code 1h}, {@code 5m}, {@code 30s} or {@code 250ms}. */
    public static String text(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static String text(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}

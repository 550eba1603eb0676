package io.footfall.hal.beam.gpio;

import io.footfall.hal.ConfigException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the beam receivers are wired to the GPIO pins.
 *
 * @param pull the pin's bias resistor (key {@code gpio-pull}: {@code up}, {@code down}, {@code off})
 * @param brokenLevel the level the pin reads while the beam is broken (key {@code gpio-active}:
 *     {@code low} or {@code high}); open-collector receivers such as Adafruit's read low when broken
 * @param debounceMicros Pi4J's own debounce in microseconds (key {@code gpio-debounce}); 0 hands
 *     every edge to the decoder, which debounces with its own timings. Pi4J's default of 10,000 µs
 *     is never used: it would hide short breaks and delay every edge.
 */
public record GpioSettings(Pull pull, Level brokenLevel, long debounceMicros) {
    public static final GpioSettings DEFAULTS = new GpioSettings(Pull.UP, Level.LOW, 0);

    /** The settings {@link #fromOptions} reads. */
    public static final Set<String> KEYS = Set.of("gpio-pull", "gpio-active", "gpio-debounce");

    public enum Pull { UP, DOWN, OFF }

    public enum Level { LOW, HIGH }

    public GpioSettings {
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(brokenLevel, "brokenLevel");
        if (debounceMicros < 0 || debounceMicros > 100_000) {
            throw new IllegalArgumentException("debounce must be 0-100000 µs");
        }
    }

    /** Reads {@code gpio-pull}, {@code gpio-active} and {@code gpio-debounce}, defaults for what is missing. */
    public static GpioSettings fromOptions(Map<String, String> options) {
        Pull pull = choice(options, "gpio-pull", Pull.class, DEFAULTS.pull);
        Level level = choice(options, "gpio-active", Level.class, DEFAULTS.brokenLevel);
        long debounce = DEFAULTS.debounceMicros;
        String d = options.get("gpio-debounce");
        if (d != null && !d.isBlank()) {
            try {
                debounce = Long.parseLong(d.trim());
            } catch (NumberFormatException e) {
                debounce = -1;
            }
            if (debounce < 0 || debounce > 100_000) {
                throw new ConfigException("gpio-debounce", d, "whole microseconds from 0 to 100000; 0 leaves debouncing to the decoder");
            }
        }
        return new GpioSettings(pull, level, debounce);
    }

    private static <E extends Enum<E>> E choice(Map<String, String> options, String key, Class<E> type, E dflt) {
        String v = options.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.trim())) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new ConfigException(key, v, allowed.toString());
    }
}

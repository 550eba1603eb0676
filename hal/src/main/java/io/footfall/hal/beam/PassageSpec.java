package io.footfall.hal.beam;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A passage as configured: {@code NAME=PIN_A,PIN_B}, A being the outer beam. Pins are BCM numbers.
 */
public record PassageSpec(String name, int pinA, int pinB) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

    public PassageSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("passage name '" + name + "' must be 1-32 letters, digits, '.', '_' or '-'");
        }
        if (pinA < 0 || pinA > 63 || pinB < 0 || pinB > 63) {
            throw new IllegalArgumentException("passage '" + name + "': pins must be BCM numbers 0-63, got " + pinA + "," + pinB);
        }
        if (pinA == pinB) {
            throw new IllegalArgumentException("passage '" + name + "': beam A and beam B need different pins, both are " + pinA);
        }
    }

    /** Parses {@code NAME=PIN_A,PIN_B}. */
    public static PassageSpec parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("'" + text + "' is not NAME=PIN_A,PIN_B");
        }
        String[] pins = text.substring(eq + 1).split(",");
        if (pins.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not NAME=PIN_A,PIN_B");
        }
        try {
            return new PassageSpec(text.substring(0, eq).trim(), Integer.parseInt(pins[0].trim()), Integer.parseInt(pins[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not NAME=PIN_A,PIN_B with whole-number pins");
        }
    }

    @Override
    public String toString() {
        return name + "=" + pinA + "," + pinB;
    }
}

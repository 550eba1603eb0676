package io.footfall.agent.privacy;

import io.footfall.hal.ConfigException;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How Wi-Fi counts are made safe to publish. Read from these options (all optional):
 * <ul>
 *   <li>{@code wifi-rssi-min}: probes weaker than this many dBm are ignored, -120..0; default none.
 *       Probes from captures that report no signal strength are always counted.
 *   <li>{@code wifi-k}: windows whose estimated number of phones is below k are published as
 *       suppressed, 1..10000; default {@value #DEFAULT_K}.
 *   <li>{@code wifi-dp-epsilon}: {@code off} (default) or the privacy budget ε per window,
 *       0.01..10, for geometric noise on every published Wi-Fi figure.
 * </ul>
 *
 * @param rssiMinDbm the RSSI floor, when there is one
 * @param k the minimum estimated number of phones for Wi-Fi figures to be published
 * @param epsilon the differential-privacy budget per window, when noise is on
 */
public record PrivacySettings(OptionalInt rssiMinDbm, int k, OptionalDouble epsilon) {
    public static final int DEFAULT_K = 10;
    public static final PrivacySettings DEFAULTS = new PrivacySettings(OptionalInt.empty(), DEFAULT_K, OptionalDouble.empty());

    public PrivacySettings {
        if (rssiMinDbm.isPresent() && (rssiMinDbm.getAsInt() < -120 || rssiMinDbm.getAsInt() > 0)) {
            throw new ConfigException("wifi-rssi-min", Integer.toString(rssiMinDbm.getAsInt()), "dBm from -120 to 0");
        }
        if (k < 1 || k > 10_000) {
            throw new ConfigException("wifi-k", Integer.toString(k), "a whole number from 1 to 10000");
        }
        if (epsilon.isPresent() && !(epsilon.getAsDouble() >= 0.01 && epsilon.getAsDouble() <= 10)) {
            throw new ConfigException("wifi-dp-epsilon", Double.toString(epsilon.getAsDouble()), "off, or a number from 0.01 to 10");
        }
    }

    /** The settings {@link #fromOptions} reads. */
    public static final Set<String> KEYS = Set.of("wifi-rssi-min", "wifi-k", "wifi-dp-epsilon");

    /** Reads the {@code wifi-*} privacy options; refuses a bad value naming its key. */
    public static PrivacySettings fromOptions(Map<String, String> options) {
        OptionalInt rssi = OptionalInt.empty();
        String r = value(options, "wifi-rssi-min");
        if (!r.isEmpty() && !r.equals("none")) {
            rssi = OptionalInt.of(integer("wifi-rssi-min", r, -120, 0, "none, or dBm from -120 to 0"));
        }
        String kv = value(options, "wifi-k");
        int k = kv.isEmpty() ? DEFAULT_K : integer("wifi-k", kv, 1, 10_000, "a whole number from 1 to 10000");
        OptionalDouble eps = OptionalDouble.empty();
        String e = value(options, "wifi-dp-epsilon");
        if (!e.isEmpty() && !e.equals("off")) {
            try {
                double d = Double.parseDouble(e);
                if (d >= 0.01 && d <= 10) {
                    eps = OptionalDouble.of(d);
                } else {
                    throw new ConfigException("wifi-dp-epsilon", e, "off, or a number from 0.01 to 10");
                }
            } catch (NumberFormatException ex) {
                throw new ConfigException("wifi-dp-epsilon", e, "off, or a number from 0.01 to 10");
            }
        }
        return new PrivacySettings(rssi, k, eps);
    }

    private static String value(Map<String, String> options, String key) {
        return options.getOrDefault(key, "").trim();
    }

    private static int integer(String key, String v, int min, int max, String allowed) {
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException ex) {
            // refused below
        }
        throw new ConfigException(key, v, allowed);
    }
}

package io.footfall.agent.config;

import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.outbox.OutboxLimits;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.hal.spi.HalProvider;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting the node knows, each declared by the component that reads it: the agent's own
 * ({@link AgentConfig#KEYS}), MQTT, outbox, privacy and beam decoder, and whatever each hardware
 * provider found on the class path declares ({@link HalProvider#keys()}). A key none declares is
 * refused, with the nearest known key as a suggestion: a misspelt {@code mqtt-password-file} must
 * not mean connecting without a password.
 */
public final class Keys {
    private static final Set<String> ALL = collect();

    private Keys() {}

    private static Set<String> collect() {
        Set<String> keys = new TreeSet<>(AgentConfig.KEYS);
        keys.addAll(MqttSettings.KEYS);
        keys.addAll(OutboxLimits.KEYS);
        keys.addAll(PrivacySettings.KEYS);
        keys.addAll(DecoderSettings.KEYS);
        for (HalProvider p : ServiceLoader.load(HalProvider.class)) {
            keys.addAll(p.keys());
        }
        return Collections.unmodifiableSet(keys);
    }

    /** Every known key, sorted. */
    public static Set<String> all() {
        return ALL;
    }

    public static boolean known(String key) {
        return ALL.contains(key);
    }

    /**
     * What to say about an unknown key: {@code did you mean 'mqtt-password-file'?} when a known key
     * is a typo away, else the known keys of its family ({@code wifi-bogus}: the {@code wifi} keys).
     */
    static String hint(String key) {
        Optional<String> near = nearest(key);
        if (near.isPresent()) {
            return "did you mean '" + near.get() + "'?";
        }
        int dash = key.indexOf('-');
        String family = dash > 0 ? key.substring(0, dash) : key;
        List<String> same = ALL.stream().filter(k -> k.equals(family) || k.startsWith(family + "-")).toList();
        return same.isEmpty() ? "see footfall.properties.sample for the settings there are"
                : "the " + family + " settings are " + String.join(", ", same);
    }

    /**
     * The known key nearest to {@code key}, when at most a quarter of its length in edits away (one
     * edit at least, three at most): {@code home} is not a typo of {@code node}, {@code windwo} is one
     * of {@code window}.
     */
    static Optional<String> nearest(String key) {
        int limit = Math.max(1, Math.min(3, key.length() / 4));
        return ALL.stream()
                .map(k -> new Candidate(k, distance(key, k)))
                .filter(c -> c.distance() <= limit)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::key))
                .map(Candidate::key);
    }

    private record Candidate(String key, int distance) {}

    /** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

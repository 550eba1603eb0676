package io.footfall.agent.counts.wifi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.footfall.agent.counts.CountsSection;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.privacy.WifiCounts;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The {@code wifi} section as written (docs/schema/counts.schema.json). Every field that the compact
 * encoding leaves out is an {@code Optional} here, empty exactly when it is absent on the wire; its
 * default is applied by the accessor next to it ({@link #low()}, {@link #high()}, {@link #capture}).
 *
 * @param estimatedLow present only where it differs from {@code estimated}
 * @param estimatedHigh likewise
 * @param suppressed written only when true: absent means false (issue 14)
 * @param dwell phones per dwell bin (under 1 min, 1-5, 5-15, 15 min or more); absent on a merged message
 * @param noise {@code geometric} when differential-privacy noise was added, then with {@code epsilon}
 * @param capturing present only where it differs from {@code coverage.counting}
 * @param channels present only where it differs from {@link #DEFAULT_CHANNELS}
 */
@JsonPropertyOrder({"devices", "universal", "randomized", "estimated", "estimatedLow", "estimatedHigh", "dwell", "suppressed", "k", "noise",
        "epsilon", "capturing", "channels"})
public record WifiSection(int devices, int universal, int randomized, int estimated, OptionalInt estimatedLow, OptionalInt estimatedHigh,
        Optional<List<Integer>> dwell, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean suppressed, int k, Optional<String> noise, OptionalDouble epsilon, OptionalLong capturing,
        Optional<List<Integer>> channels) implements CountsSection {
    /**
     * The hop list of the {@code channels} configuration key's default, and what an absent
     * {@code wifi.channels} means. A node configured with other channels sends them in every window.
     */
    public static final List<Integer> DEFAULT_CHANNELS = List.of(1, 6, 11);

    public static final String GEOMETRIC = "geometric";

    public WifiSection {
        Objects.requireNonNull(estimatedLow, "estimatedLow");
        Objects.requireNonNull(estimatedHigh, "estimatedHigh");
        dwell = Objects.requireNonNull(dwell, "dwell").map(List::copyOf);
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(epsilon, "epsilon");
        Objects.requireNonNull(capturing, "capturing");
        channels = Objects.requireNonNull(channels, "channels").map(List::copyOf);
    }

    /**
     * One window's figures in the compact encoding: each interval end only where it differs from
     * the estimate (so a suppressed window carries nothing new, and no window spends bytes on what
     * the estimate already says: 288 windows a day against a node's 150 KB/day), and the capture's
     * share of {@code coverage} only where it is not its default.
     */
    public static WifiSection of(WifiCounts w, Coverage coverage) {
        Optional<Coverage.Wifi> c = coverage.wifi();
        // a Wi-Fi window always has the capture's share (NodeAgent); without one it has no default to fall back on
        long capturing = c.map(Coverage.Wifi::capturing).orElse(0L);
        List<Integer> channels = c.map(Coverage.Wifi::channels).orElse(List.of());
        WifiSection s = of(w);
        return new WifiSection(s.devices, s.universal, s.randomized, s.estimated, s.estimatedLow, s.estimatedHigh, s.dwell, s.suppressed,
                s.k, s.noise, s.epsilon, capturing != coverage.counting() ? OptionalLong.of(capturing) : OptionalLong.empty(),
                channels.equals(DEFAULT_CHANNELS) ? Optional.empty() : Optional.of(channels));
    }

    /** One window's figures without the capture's share of its coverage ({@code pcap count}). */
    public static WifiSection of(WifiCounts w) {
        return new WifiSection(w.devices(), w.universal(), w.randomized(), w.estimated(), unlessEqual(w.estimatedLow(), w.estimated()),
                unlessEqual(w.estimatedHigh(), w.estimated()),
                // an array, not an object: every byte counts against a node's 150 KB/day
                Optional.of(List.of(w.dwell().under1Min(), w.dwell().from1To5Min(), w.dwell().from5To15Min(), w.dwell().atLeast15Min())),
                w.suppressed(), w.k(), w.epsilon().isPresent() ? Optional.of(GEOMETRIC) : Optional.empty(), w.epsilon(), OptionalLong.empty(),
                Optional.empty());
    }

    static OptionalInt unlessEqual(int value, int dflt) {
        return value == dflt ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** The low end of the 80% interval: {@code estimated} when absent (and from nodes that publish none). */
    public int low() {
        return estimatedLow.orElse(estimated);
    }

    /** The high end of the 80% interval: {@code estimated} when absent. */
    public int high() {
        return estimatedHigh.orElse(estimated);
    }

    /** The capture's share of a window watched for {@code counting} seconds, with the compact defaults applied. */
    public Coverage.Wifi capture(long counting) {
        return new Coverage.Wifi(capturing.orElse(counting), channels.orElse(DEFAULT_CHANNELS));
    }

    @Override
    public Optional<Coverage.Wifi> captured(long counting) {
        return Optional.of(capture(counting));
    }
}

package io.footfall.agent.counts.wifi;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.CountsSchemaDocument;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.counts.SectionKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Wi-Fi's section. Merged, each figure is the <em>maximum</em> over the parts (distinct devices
 * cannot be summed across windows), the interval's ends the maxima of the ends, suppressed only if
 * every part was, noisy if any part was; dwell bins are not carried over. The capture's seconds are
 * summed and its channels united, over the parts whose coverage is known, and written out.
 */
public final class WifiKind implements SectionKind<WifiSection> {
    public static final String KEY = "wifi";
    private static final WifiKind TYPED = new WifiKind();

    /** The Wi-Fi section of {@code message} as written; empty when the node does not count Wi-Fi. */
    public static Optional<WifiSection> in(CountsMessage message) {
        return message.section(TYPED);
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<WifiSection> type() {
        return WifiSection.class;
    }

    @Override
    public Optional<WifiSection> merge(List<CountsMessage> parts) {
        Optional<WifiSection> first = Optional.empty();
        int devices = 0;
        int universal = 0;
        int randomized = 0;
        int estimated = 0;
        int low = 0;
        int high = 0;
        boolean allSuppressed = true;
        OptionalDouble epsilon = OptionalDouble.empty();
        boolean noisy = false;
        long capturing = 0;
        boolean captureKnown = false;
        TreeSet<Integer> channels = new TreeSet<>();
        for (CountsMessage part : parts) {
            Optional<WifiSection> section = in(part);
            if (section.isEmpty()) {
                continue;
            }
            WifiSection w = section.get();
            first = first.isPresent() ? first : section;
            allSuppressed &= w.suppressed();
            // read with the compact encoding's defaults (capturing = counting, channels = the default hop list)
            Optional<Coverage.Wifi> captured = part.coverage().flatMap(Coverage::wifi);
            if (captured.isPresent()) {
                captureKnown = true;
                capturing += captured.get().capturing();
                channels.addAll(captured.get().channels());
            }
            devices = Math.max(devices, w.devices());
            universal = Math.max(universal, w.universal());
            randomized = Math.max(randomized, w.randomized());
            estimated = Math.max(estimated, w.estimated());
            // The interval of a maximum: the maxima of the ends (max low <= max estimate <= max high).
            low = Math.max(low, w.low());
            high = Math.max(high, w.high());
            // noisy figures stay noisy after taking a maximum; say so, with the first noisy part's budget
            if (w.noise().isPresent() && !noisy) {
                noisy = true;
                epsilon = w.epsilon();
            }
        }
        if (first.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WifiSection(devices, universal, randomized, estimated, WifiSection.unlessEqual(low, estimated),
                WifiSection.unlessEqual(high, estimated), Optional.empty(), allSuppressed, first.get().k(),
                noisy ? Optional.of(WifiSection.GEOMETRIC) : Optional.empty(), epsilon,
                captureKnown ? OptionalLong.of(capturing) : OptionalLong.empty(),
                captureKnown ? Optional.of(new ArrayList<>(channels)) : Optional.empty()));
    }

    @Override
    public JsonNode schema() {
        return CountsSchemaDocument.section(KEY);
    }
}

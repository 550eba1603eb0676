package io.footfall.agent.outbox;

import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.CountsSection;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.counts.SectionKind;
import io.footfall.agent.counts.SectionKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Merges {@code footfall.counts/1} payloads into one coarser window (docs/MQTT.md, "coarsened
 * windows"): {@code seq} is the first part's, {@code seqLast} the last part's, {@code window} spans
 * them all and {@code clockSynced} holds only if it held for every part; {@code merged} says how many
 * windows it holds. Each sensor kind merges its own section ({@link SectionKind#merge}): beam counts
 * are summed, Wi-Fi figures are maxima.
 *
 * <p>Coverage adds up: {@code coverage.counting} and {@code coverage.of} are summed (a part stored
 * before coverage existed counts as watched for none of its length) and both written out. Parts in
 * the compact encoding are read with its defaults ({@link CountsMessage#coverage()}).
 */
public final class CountsMerger implements WindowMerger {
    private final SectionKinds kinds;

    /** A merger for the sections of {@code kinds}; sections of other kinds are dropped. */
    public CountsMerger(SectionKinds kinds) {
        this.kinds = kinds;
    }

    @Override
    public byte[] merge(List<OutboxMessage> parts, String id) {
        if (parts.size() < 2) {
            throw new IllegalArgumentException("need at least two parts");
        }
        List<CountsMessage> messages = new ArrayList<>();
        for (OutboxMessage p : parts) {
            try {
                messages.add(CountsJson.read(p.payload(), kinds));
            } catch (IllegalArgumentException e) {
                throw new OutboxException("stored payload of seq " + p.seq() + " cannot be read: " + e.getMessage(), e);
            }
        }
        CountsMessage first = messages.get(0);
        OutboxMessage last = parts.get(parts.size() - 1);
        int windows = 0;
        boolean synced = true;
        long counting = 0;
        long of = 0;
        for (int i = 0; i < parts.size(); i++) {
            CountsMessage m = messages.get(i);
            windows += m.windows();
            synced &= m.window().clockSynced();
            Optional<Coverage> c = m.coverage();
            // a part without coverage (stored by an older agent) counts as watched for none of its length
            counting += c.map(Coverage::counting).orElse(0L);
            of += c.map(Coverage::of).orElse((parts.get(i).windowEndMillis() - parts.get(i).windowStartMillis()) / 1000);
        }
        Map<String, CountsSection> sections = new LinkedHashMap<>();
        for (SectionKind<?> k : kinds.all()) {
            k.merge(messages).ifPresent(s -> sections.put(k.key(), s));
        }
        CountsMessage merged = new CountsMessage(first.site(), first.node(), id, parts.get(0).seq(),
                Optional.of(new CountsMessage.Merged(messages.get(messages.size() - 1).merged().map(CountsMessage.Merged::seqLast)
                        .orElse(last.seq()), windows)),
                new CountsMessage.WindowInfo(parts.get(0).windowStartMillis(), last.windowEndMillis(), synced),
                Optional.of(new CountsMessage.Watched(counting, OptionalLong.of(of))), sections);
        return CountsJson.toJson(merged);
    }
}

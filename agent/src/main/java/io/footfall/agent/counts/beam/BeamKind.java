package io.footfall.agent.counts.beam;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.CountsSchemaDocument;
import io.footfall.agent.counts.SectionKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The crossings' section, present in every message. Merged, {@code in}/{@code out} are summed, per
 * passage by name (in the order the passages first appear), {@code blocked} if any part was, and the
 * blocked seconds summed.
 */
public final class BeamKind implements SectionKind<BeamCounts> {
    public static final String KEY = "beam";
    private static final BeamKind TYPED = new BeamKind();

    /** The crossings of {@code message}; every message has them (the schema requires {@code beam}). */
    public static BeamCounts in(CountsMessage message) {
        return message.section(TYPED).orElseThrow(() -> new IllegalStateException("message " + message.id() + " has no beam"));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<BeamCounts> type() {
        return BeamCounts.class;
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public Optional<BeamCounts> merge(List<CountsMessage> parts) {
        int in = 0;
        int out = 0;
        Map<String, BeamCounts.PassageCounts> passages = new LinkedHashMap<>();
        for (CountsMessage part : parts) {
            BeamCounts b = BeamKind.in(part);
            in = Math.addExact(in, b.in());
            out = Math.addExact(out, b.out());
            for (BeamCounts.PassageCounts p : b.passages()) {
                passages.merge(p.name(), p, (a, c) -> new BeamCounts.PassageCounts(a.name(), Math.addExact(a.in(), c.in()),
                        Math.addExact(a.out(), c.out()), a.blocked() || c.blocked(), a.blockedSeconds() + c.blockedSeconds()));
            }
        }
        return Optional.of(new BeamCounts(in, out, List.copyOf(passages.values())));
    }

    @Override
    public JsonNode schema() {
        return CountsSchemaDocument.section(KEY);
    }
}

package io.footfall.agent.kinds.tally;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.SectionKind;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The tally's section in the counts message: merged windows add their presses up. */
public final class TallyKind implements SectionKind<TallySection> {
    static final String KEY = "tally";
    private static final String SCHEMA = "{\"description\":\"presses of a hand counter\",\"type\":\"object\",\"required\":[\"clicks\"],"
            + "\"properties\":{\"clicks\":{\"$ref\":\"#/$defs/count\"}},\"additionalProperties\":false}";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<TallySection> type() {
        return TallySection.class;
    }

    @Override
    public Optional<TallySection> merge(List<CountsMessage> parts) {
        List<TallySection> sections = parts.stream().flatMap(m -> m.section(this).stream()).toList();
        return sections.isEmpty() ? Optional.empty()
                : Optional.of(new TallySection(sections.stream().mapToInt(TallySection::clicks).sum()));
    }

    @Override
    public JsonNode schema() {
        try {
            return CountsJson.mapper().readTree(SCHEMA);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

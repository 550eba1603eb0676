package io.footfall.agent.counts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.OptionalLong;

/** Crossings in one window: totals and per passage. The {@code beam} section of a counts message. */
@JsonPropertyOrder({"in", "out", "passages"})
public record BeamCounts(int in, int out, List<PassageCounts> passages) implements CountsSection {
    public BeamCounts {
        passages = List.copyOf(passages);
    }

    public static BeamCounts of(List<PassageCounts> passages) {
        return new BeamCounts(
                passages.stream().mapToInt(PassageCounts::in).sum(),
                passages.stream().mapToInt(PassageCounts::out).sum(),
                passages);
    }

    /**
     * @param blocked whether the passage was blocked at any time during the window
     * @param blockedSeconds for how long, in whole seconds (rounded), counted from when the beam
     *     broke rather than from when the alarm was raised {@code beam-blocked-after} later; 0 when
     *     not blocked. Both are written only when {@code blocked}: absent they mean false and 0, 36
     *     bytes per passage and window saved.
     */
    @JsonPropertyOrder({"name", "in", "out", "blocked", "blockedSeconds"})
    public record PassageCounts(String name, int in, int out, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean blocked,
            @JsonIgnore long blockedSeconds) {
        public PassageCounts {
            if (blockedSeconds < 0) {
                throw new IllegalArgumentException("blockedSeconds cannot be negative");
            }
        }

        /** Counts whose blocked time is not known (offline replay). */
        public PassageCounts(String name, int in, int out, boolean blocked) {
            this(name, in, out, blocked, 0);
        }

        @JsonCreator
        static PassageCounts read(@JsonProperty("name") String name, @JsonProperty("in") int in, @JsonProperty("out") int out,
                @JsonProperty("blocked") boolean blocked, @JsonProperty("blockedSeconds") OptionalLong blockedSeconds) {
            return new PassageCounts(name, in, out, blocked, blockedSeconds.orElse(0));
        }

        @JsonProperty("blockedSeconds")
        OptionalLong blockedSecondsWritten() {
            return blocked ? OptionalLong.of(blockedSeconds) : OptionalLong.empty();
        }
    }
}

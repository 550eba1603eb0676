package io.footfall.agent.counts;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One counts message as published on {@code footfall/v1/{site}/{node}/counts}, from the node's
 * outbox to the platform's receiver (docs/MQTT.md): one closed window, or several the outbox merged.
 * It holds what is on the wire, absent fields included ({@link CountsJson} writes and reads it);
 * the figures with the compact encoding's defaults applied are its derived views ({@link #coverage()}).
 *
 * @param id the platform's de-duplication key: {@code node/stream/seq}, or {@code node/stream/seq-seqLast}
 *     when merged; stable across re-sends
 * @param seq one more than the previous window's, per node, across restarts
 * @param merged present only on a message merged from several windows
 * @param watched the {@code coverage} object; absent only on messages from agents older than coverage
 * @param sections each sensor kind's section by key ({@link SectionKind#key()}), in the order written
 */
public record CountsMessage(String site, String node, String id, long seq, Optional<Merged> merged, WindowInfo window,
        Optional<Watched> watched, Map<String, CountsSection> sections) {
    public static final String SCHEMA = "footfall.counts/1";

    public CountsMessage {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merged, "merged");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(watched, "watched");
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        merged.ifPresent(m -> {
            if (m.seqLast() < seq) {
                throw new IllegalArgumentException("seqLast " + m.seqLast() + " is before seq " + seq);
            }
        });
    }

    /** The section of {@code kind}, when the message has one. */
    public <S extends CountsSection> Optional<S> section(SectionKind<S> kind) {
        return section(kind.key(), kind.type());
    }

    private <S extends CountsSection> Optional<S> section(String key, Class<S> type) {
        return Optional.ofNullable(sections.get(key)).map(type::cast);
    }

    /** The last seq this message covers: {@code seq} unless merged. */
    public long seqLast() {
        return merged.map(Merged::seqLast).orElse(seq);
    }

    /** How many windows this message holds: 1 unless merged. */
    public int windows() {
        return merged.map(Merged::windows).orElse(1);
    }

    /**
     * How much of the window the node watched, the compact encoding's defaults applied:
     * {@code of} the window's length, the Wi-Fi capture's share as its section applies its defaults
     * ({@link CountsSection#captured}). Empty for a message from a node older than coverage:
     * unknown, not full.
     */
    public Optional<Coverage> coverage() {
        return watched.map(c -> {
            long of = c.of().orElse(window.seconds());
            return new Coverage(c.counting(), of, sections.values().stream().flatMap(s -> s.captured(c.counting()).stream()).findFirst());
        });
    }

    /**
     * @param seqLast the last seq covered ({@code seq..seqLast})
     * @param windows how many windows were merged (its {@code merged} field)
     */
    public record Merged(long seqLast, int windows) {
        public Merged {
            if (windows < 2) {
                throw new IllegalArgumentException("a merged message holds at least two windows, not " + windows);
            }
        }
    }

    /**
     * @param clockSynced false when the wall clock was not known to be synchronised while the window was open
     */
    public record WindowInfo(long startMillis, long endMillis, boolean clockSynced) {
        public WindowInfo {
            if (endMillis <= startMillis) {
                throw new IllegalArgumentException("window must end after it starts");
            }
        }

        public Instant start() {
            return Instant.ofEpochMilli(startMillis);
        }

        public Instant end() {
            return Instant.ofEpochMilli(endMillis);
        }

        /** The window's length in whole seconds. */
        public long seconds() {
            return (endMillis - startMillis) / 1000;
        }
    }

    /**
     * The {@code coverage} object as written (docs/MQTT.md, "Coverage").
     *
     * @param counting seconds watched
     * @param of written only where it is not the window's length: on a merged message
     */
    @JsonPropertyOrder({"counting", "of"})
    public record Watched(long counting, OptionalLong of) {
        public Watched {
            Objects.requireNonNull(of, "of");
            if (counting < 0) {
                throw new IllegalArgumentException("coverage.counting cannot be negative: " + counting);
            }
        }

        /** One closed window's: {@code of} left out, as it is the window's length (checked). */
        public static Watched single(WindowInfo window, Coverage coverage) {
            if (coverage.of() != window.seconds()) {
                throw new IllegalArgumentException("coverage of " + coverage.of() + " s is not the window's length");
            }
            return new Watched(coverage.counting(), OptionalLong.empty());
        }
    }
}

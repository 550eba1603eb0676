package io.footfall.agent.receive;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One counts message as the platform sees it. {@code seqLast} equals {@code seq} except for a
 * message the node's outbox merged from several windows (docs/MQTT.md, "coarsened windows").
 *
 * @param stream the stream part of {@code id} ({@code node/stream/seq})
 * @param wifi absent when the node has no Wi-Fi counting
 * @param json the whole payload as parsed
 */
public record ReceivedWindow(String site, String node, String stream, String id, long seq, long seqLast,
        Instant start, Instant end, boolean clockSynced, int beamIn, int beamOut, Optional<Wifi> wifi, Map<String, Object> json) {
    public ReceivedWindow {
        Objects.requireNonNull(id);
        json = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(json));
        if (seqLast < seq) {
            throw new IllegalArgumentException("seqLast " + seqLast + " before seq " + seq);
        }
    }

    /**
     * @param estimatedLow the low end of the node's 80% interval around {@code estimated}; equal to
     *     it for messages from nodes that published no interval
     * @param estimatedHigh the high end of that interval, likewise
     */
    public record Wifi(int devices, int universal, int randomized, int estimated, boolean suppressed, int k, int estimatedLow,
            int estimatedHigh) {
        /** A window without an interval (older nodes): the interval is the estimate itself. */
        public Wifi(int devices, int universal, int randomized, int estimated, boolean suppressed, int k) {
            this(devices, universal, randomized, estimated, suppressed, k, estimated, estimated);
        }
    }

    /** How much of the window the node watched; empty for a node from before coverage was published. */
    public Optional<io.footfall.agent.counts.Coverage> coverage() {
        return CountsParser.coverage(json);
    }

    /**
     * {@code site/node/stream}: the unit in which seq runs without gaps. The site belongs to it:
     * node names repeat across sites and a 24-bit stream id may repeat too.
     */
    public String streamKey() {
        return site + "/" + node + "/" + stream;
    }

    /**
     * {@code site/id}: the de-duplication key. {@code id} alone ({@code node/stream/seq}) is unique
     * within a site only (docs/MQTT.md, "De-duplication"); topic levels hold no {@code /}, so the
     * join is unambiguous.
     */
    public String key() {
        return site + "/" + id;
    }
}

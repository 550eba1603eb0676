package io.footfall.agent.receive;

import com.fasterxml.jackson.core.type.TypeReference;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.counts.beam.BeamKind;
import io.footfall.agent.counts.wifi.WifiKind;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One counts message as the platform sees it: the typed {@link CountsMessage}, and the payload as it
 * arrived for what is stored and de-duplicated byte-for-content ({@link Ledger#digest}). {@code seqLast}
 * equals {@code seq} except for a message the node's outbox merged from several windows (docs/MQTT.md,
 * "coarsened windows").
 *
 * @param stream the stream part of {@code id} ({@code node/stream/seq})
 * @param json the whole payload as parsed, sections of unknown kinds included
 */
public record ReceivedWindow(CountsMessage message, String stream, Map<String, Object> json) {
    static final TypeReference<Map<String, Object>> JSON = new TypeReference<>() {};

    public ReceivedWindow {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stream, "stream");
        json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
    }

    public String site() {
        return message.site();
    }

    public String node() {
        return message.node();
    }

    public String id() {
        return message.id();
    }

    public long seq() {
        return message.seq();
    }

    public long seqLast() {
        return message.seqLast();
    }

    /** How many windows the message holds: 1 unless the node's outbox merged it. */
    public int merged() {
        return message.windows();
    }

    public Instant start() {
        return message.window().start();
    }

    public Instant end() {
        return message.window().end();
    }

    public boolean clockSynced() {
        return message.window().clockSynced();
    }

    public int beamIn() {
        return BeamKind.in(message).in();
    }

    public int beamOut() {
        return BeamKind.in(message).out();
    }

    /** The Wi-Fi figures, interval defaults applied; absent when the node has no Wi-Fi counting. */
    public Optional<Wifi> wifi() {
        return WifiKind.in(message).map(w -> new Wifi(w.devices(), w.universal(), w.randomized(), w.estimated(), w.suppressed(), w.k(), w.low(),
                w.high()));
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
    public Optional<Coverage> coverage() {
        return message.coverage();
    }

    /**
     * {@code site/node/stream}: the unit in which seq runs without gaps. The site belongs to it:
     * node names repeat across sites and a 24-bit stream id may repeat too.
     */
    public String streamKey() {
        return site() + "/" + node() + "/" + stream;
    }

    /**
     * {@code site/id}: the de-duplication key. {@code id} alone ({@code node/stream/seq}) is unique
     * within a site only (docs/MQTT.md, "De-duplication"); topic levels hold no {@code /}, so the
     * join is unambiguous.
     */
    public String key() {
        return site() + "/" + id();
    }
}

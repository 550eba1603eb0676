package io.footfall.agent.outbox;

import java.util.Arrays;
import java.util.Objects;

/**
 * One message as stored: its per-node {@code seq} (and {@code seqLast}, the last seq it covers:
 * above {@code seq} only for a coarsened message, see {@link OutboxLimits}), its de-duplication
 * {@code id}, the exact bytes that go out, and the topic it was stored for. That topic is kept for
 * the record only: the forwarder publishes to the node's current topic, so a renamed node never
 * writes under its former name.
 */
public record OutboxMessage(long seq, long seqLast, String id, String topic, byte[] payload, long windowStartMillis, long windowEndMillis) {
    public OutboxMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        payload = payload.clone();
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + seq);
        }
        if (seqLast < seq) {
            throw new IllegalArgumentException("seqLast " + seqLast + " is before seq " + seq);
        }
    }

    /** One window's message: it covers its own seq only. */
    public OutboxMessage(long seq, String id, String topic, byte[] payload, long windowStartMillis, long windowEndMillis) {
        this(seq, seq, id, topic, payload, windowStartMillis, windowEndMillis);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboxMessage m && m.seq == seq && m.seqLast == seqLast && m.id.equals(id) && m.topic.equals(topic)
                && Arrays.equals(m.payload, payload) && m.windowStartMillis == windowStartMillis
                && m.windowEndMillis == windowEndMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + id.hashCode();
    }

    @Override
    public String toString() {
        return "OutboxMessage[seq=" + seq + (seqLast == seq ? "" : "-" + seqLast) + ", id=" + id + ", topic=" + topic + ", bytes=" + payload.length + "]";
    }
}

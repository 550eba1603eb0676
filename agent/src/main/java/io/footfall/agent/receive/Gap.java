package io.footfall.agent.receive;

/**
 * Seqs {@code from..to} (inclusive) of one node's stream have not arrived. A stream is named by
 * site, node and stream id together: node names repeat across sites and stream ids are only 24
 * random bits, so {@code node/stream} alone may name two streams (docs/MQTT.md, "De-duplication").
 */
public record Gap(String site, String node, String stream, long from, long to) {
    public long size() {
        return to - from + 1;
    }

    @Override
    public String toString() {
        return site + "/" + node + "/" + stream + " seq " + (from == to ? Long.toString(from) : from + "-" + to);
    }
}

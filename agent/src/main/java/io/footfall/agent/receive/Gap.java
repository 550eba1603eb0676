package io.footfall.agent.receive;

/** Seqs {@code from..to} (inclusive) of one node's stream have not arrived. */
public record Gap(String node, String stream, long from, long to) {
    public long size() {
        return to - from + 1;
    }

    @Override
    public String toString() {
        return node + "/" + stream + " seq " + (from == to ? Long.toString(from) : from + "-" + to);
    }
}

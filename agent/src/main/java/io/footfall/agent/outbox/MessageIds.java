package io.footfall.agent.outbox;

/**
 * The one place message ids are made: {@code node/stream/seq} for a window, and
 * {@code node/stream/first-last} for a coarsened message covering seqs {@code first..last}. The
 * outbox keeps a message's seq range in its own columns ({@code seq}, {@code seq_last}) and never
 * reads it back from the id, except once, to migrate a file written before that column existed
 * ({@link #legacySeqLast}).
 */
final class MessageIds {
    private MessageIds() {}

    /** The id of window {@code seq} of {@code node}'s stream {@code stream}. */
    static String window(String node, String stream, long seq) {
        return node + "/" + stream + "/" + seq;
    }

    /** The id of a message covering {@code first..last}, under the {@code node/stream} prefix of its parts. */
    static String range(String prefix, long first, long last) {
        if (last <= first) {
            throw new IllegalArgumentException("a merged message covers at least two seqs, got " + first + "-" + last);
        }
        return prefix + "/" + first + "-" + last;
    }

    /**
     * {@code node/stream} of an id: windows merge only with windows of the same stream under the
     * same node name (a renamed node, or a new stream after a quarantine, starts a new prefix).
     */
    static String prefix(String id) {
        int slash = id.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("message id '" + id + "' is not node/stream/seq");
        }
        return id.substring(0, slash);
    }

    /**
     * The last seq covered by a row stored before the outbox had a {@code seq_last} column, read
     * from its id ({@code …/seq} or {@code …/seq-last}); for migrating such a file and for reading one
     * without writing it.
     *
     * @throws IllegalArgumentException when the id does not end in {@code /seq} or {@code /seq-last}
     */
    static long legacySeqLast(long seq, String id) {
        String tail = id.substring(id.lastIndexOf('/') + 1);
        int dash = tail.indexOf('-');
        try {
            prefix(id);
            long first = Long.parseLong(dash < 0 ? tail : tail.substring(0, dash));
            long last = dash < 0 ? first : Long.parseLong(tail.substring(dash + 1));
            if (first == seq && last >= seq) {
                return last;
            }
        } catch (IllegalArgumentException e) { // (NumberFormatException too)
            // refused below
        }
        throw new IllegalArgumentException("stored message seq " + seq + " has id '" + id + "', which is not …/" + seq + " or …/" + seq + "-<last>");
    }
}

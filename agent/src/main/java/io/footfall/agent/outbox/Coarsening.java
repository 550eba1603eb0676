package io.footfall.agent.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which stored messages the outbox merges next when over its bound ({@link OutboxLimits}), on plain
 * data: the oldest run of two or more messages, consecutive in seq, of one {@code node/stream},
 * that all lie in one clock hour (or UTC day). The caller offers the candidates (unprotected,
 * ended by the age cutoff) oldest first to a {@link RunFinder} until it has a run.
 */
final class Coarsening {
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    private Coarsening() {}

    /**
     * A stored message as the policy sees it: the seqs it covers, its id's {@code node/stream}
     * prefix, and its window (epoch ms, end exclusive).
     */
    record Row(long seq, long seqLast, String prefix, long start, long end) {
        Row {
            Objects.requireNonNull(prefix, "prefix");
            if (seqLast < seq || end < start) {
                throw new IllegalArgumentException("row seq " + seq + "-" + seqLast + ", window " + start + ".." + end);
            }
        }

        boolean within(long bucket) {
            return Math.floorDiv(start, bucket) == Math.floorDiv(end - 1, bucket);
        }
    }

    /** Two or more rows to merge into one message. */
    record Run(List<Row> rows) {
        Run {
            rows = List.copyOf(rows);
            if (rows.size() < 2) {
                throw new IllegalArgumentException("a run has two rows or more, got " + rows.size());
            }
        }

        Row first() {
            return rows.get(0);
        }

        Row last() {
            return rows.get(rows.size() - 1);
        }

        /** The merged message's id: the parts' prefix and the whole range, {@code node/stream/first-last}. */
        String id() {
            return MessageIds.range(first().prefix(), first().seq(), last().seqLast());
        }

        /** Windows the merged message covers (a part may already be merged). */
        long windows() {
            return last().seqLast() - first().seq() + 1;
        }
    }

    /** Finds the oldest run in one {@code bucket} (an {@link #HOUR} or a {@link #DAY}) among rows offered oldest first. */
    static final class RunFinder {
        private final long bucket;
        private final List<Row> run = new ArrayList<>();
        private boolean done;

        RunFinder(long bucket) {
            if (bucket != HOUR && bucket != DAY) {
                throw new IllegalArgumentException("bucket is an hour or a day, got " + bucket + " ms");
            }
            this.bucket = bucket;
        }

        /** Offers the next candidate; false once a run is complete (stop offering, take {@link #run()}). */
        boolean offer(Row row) {
            if (done) {
                return false;
            }
            boolean fits = row.within(bucket);
            if (!run.isEmpty() && fits && joins(row)) {
                run.add(row);
                return true;
            }
            if (run.size() >= 2) {
                done = true;
                return false;
            }
            run.clear();
            if (fits) {
                run.add(row);
            }
            return true;
        }

        private boolean joins(Row row) {
            Row first = run.get(0);
            Row last = run.get(run.size() - 1);
            return Math.floorDiv(row.start(), bucket) == Math.floorDiv(first.start(), bucket)
                    && row.prefix().equals(first.prefix())
                    && row.seq() == last.seqLast() + 1;
        }

        /** The run found, if the rows offered hold one. */
        Optional<Run> run() {
            return run.size() >= 2 ? Optional.of(new Run(run)) : Optional.empty();
        }
    }
}

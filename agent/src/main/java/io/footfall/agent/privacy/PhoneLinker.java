package io.footfall.agent.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimates how many phones were heard in one window, linking the randomised addresses that one
 * phone used. Works only on one window's {@link Sightings}: keyed addresses, keyed IE fingerprints,
 * times and sequence numbers, all discarded with the window. Nothing here can link two windows.
 *
 * <p>A universally administered address is one phone. Randomised addresses are grouped by keyed IE
 * fingerprint (a phone keeps its model between bursts), then, within each group, in order of first
 * sighting:
 * <ol>
 *   <li><b>Followed by sequence number.</b> An address continues an earlier chain when it starts
 *       after the chain ends and its first 802.11 sequence number follows the chain's last within a
 *       margin that grows with the gap. When the group shows more such links than random counters
 *       would explain (Poisson tail below 5%), its phones keep their counter across address
 *       changes, and each chain is one phone.
 *   <li><b>Counted by bursts.</b> Otherwise its phones restart the counter with every new address
 *       and cannot be followed one by one. The group's bursts are counted instead (addresses that
 *       start within half a second of another's end are one burst, a new address per SSID, when the
 *       group shows more such pairs than chance would), and divided by the
 *       bursts a phone makes in the window, measured on phones that can be followed: those of the
 *       same fingerprint with universal addresses when there are at least
 *       {@value #MIN_REFERENCE_PHONES}, else all followed phones. A group is at least one phone.
 * </ol>
 * Dwell is measured per followed phone; for phones counted by bursts it is imputed from the same
 * reference phones, so that the histogram adds up to the estimate.
 */
final class PhoneLinker {
    static final int MIN_REFERENCE_PHONES = 5;
    private static final long SECOND = 1_000_000_000L;
    private static final long LOOKBACK = 300 * SECOND;

    /** The estimate and how long each estimated phone stayed. */
    record Estimate(int phones, DwellHistogram dwell) {}

    private PhoneLinker() {}

    /** One phone's addresses as far as the linker can tell. */
    private static final class Chain {
        final long first;
        long last;
        int lastSeq;
        int bursts;

        Chain(long first, long last, int lastSeq, int bursts) {
            this.first = first;
            this.last = last;
            this.lastSeq = lastSeq;
            this.bursts = bursts;
        }
    }

    /** Phones that could be followed: how many, their bursts, their dwell. */
    private static final class Reference {
        int phones;
        long bursts;
        final double[] dwell = new double[4];

        void add(long stayNanos, int burstCount) {
            phones++;
            bursts += burstCount;
            dwell[DwellHistogram.bin(stayNanos)]++;
        }
    }

    /** A group whose phones could not be followed: its bursts, and the followed phones of its model. */
    private record Unfollowed(int bursts, Reference sameModel) {}

    static Estimate estimate(Sightings s) {
        double[] bins = new double[4];
        Reference all = new Reference();
        List<Unfollowed> unfollowed = new ArrayList<>();
        // Sorted by keyed fingerprint, then time: each fingerprint group is one run. Indices only, so
        // that no keyed value is boxed into an object the window cannot overwrite.
        List<Integer> order = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> s.fingerprint[a] != s.fingerprint[b]
                ? Long.compare(s.fingerprint[a], s.fingerprint[b]) : Long.compare(s.first[a], s.first[b]));
        for (int from = 0, to; from < order.size(); from = to) {
            long fp = s.fingerprint[order.get(from)];
            to = from;
            while (to < order.size() && s.fingerprint[order.get(to)] == fp) {
                to++;
            }
            Reference sameModel = new Reference();
            List<Integer> randomised = new ArrayList<>();
            for (int i : order.subList(from, to)) {
                if (s.local[i]) {
                    randomised.add(i);
                } else {
                    bins[DwellHistogram.bin(s.last[i] - s.first[i])]++;
                    all.add(s.last[i] - s.first[i], s.bursts[i]);
                    sameModel.add(s.last[i] - s.first[i], s.bursts[i]);
                }
            }
            if (randomised.isEmpty()) {
                continue;
            }
            Pass bySeq = link(s, randomised, true);
            if (bySeq.beyondChance()) {
                for (Chain c : bySeq.chains) {
                    bins[DwellHistogram.bin(c.last - c.first)]++;
                    all.add(c.last - c.first, c.bursts);
                }
            } else {
                Pass byBurst = link(s, randomised, false);
                int bursts = byBurst.beyondChance() ? byBurst.bursts() : randomised.stream().mapToInt(i -> s.bursts[i]).sum();
                unfollowed.add(new Unfollowed(bursts, sameModel));
            }
        }
        // Only now is every followed phone known: they are the reference for the rest.
        for (Unfollowed g : unfollowed) {
            Reference ref = g.sameModel.phones >= MIN_REFERENCE_PHONES ? g.sameModel : all;
            double phones = ref.phones == 0 ? g.bursts : Math.max(1, g.bursts * ref.phones / (double) ref.bursts);
            for (int b = 0; b < 4; b++) {
                bins[b] += ref.phones == 0 ? (b == 0 ? phones : 0) : phones * ref.dwell[b] / ref.phones;
            }
        }
        return round(bins);
    }

    /** Whole counts per bin adding up to the rounded total (largest remainders first). */
    private static Estimate round(double[] bins) {
        double total = 0;
        int[] whole = new int[bins.length];
        int sum = 0;
        for (int b = 0; b < bins.length; b++) {
            total += bins[b];
            whole[b] = (int) Math.floor(bins[b]);
            sum += whole[b];
        }
        int phones = (int) Math.round(total);
        while (sum < phones) {
            int best = 0;
            for (int b = 1; b < bins.length; b++) {
                if (bins[b] - whole[b] > bins[best] - whole[best]) {
                    best = b;
                }
            }
            whole[best]++;
            sum++;
        }
        return new Estimate(phones, DwellHistogram.of(whole));
    }

    /** @param chanceLinks how many links unrelated phones would have made, in expectation */
    private record Pass(List<Chain> chains, int links, double chanceLinks) {
        boolean beyondChance() {
            return poissonTail(links, chanceLinks) < 0.05;
        }

        int bursts() {
            return chains.stream().mapToInt(c -> c.bursts).sum();
        }
    }

    /**
     * Chains of one group by one kind of link: {@code bySeq}, the next address continues the
     * counter; otherwise it starts within {@link Sightings#BURST_GAP_NANOS} of a chain's end.
     */
    private static Pass link(Sightings s, List<Integer> group, boolean bySeq) {
        List<Chain> chains = new ArrayList<>();
        int links = 0;
        double chance = 0;
        long span = Math.max(1, s.first[group.get(group.size() - 1)] - s.first[group.get(0)]);
        double burstChance = Math.min(1, group.size() * (double) Sightings.BURST_GAP_NANOS / span);
        for (int r : group) {
            Chain best = null;
            long bestScore = Long.MAX_VALUE;
            for (Chain ch : chains) {
                long gap = s.first[r] - ch.last;
                if (gap < 0 || gap > LOOKBACK) {
                    continue;
                }
                long score = Long.MAX_VALUE;
                if (bySeq && ch.lastSeq >= 0 && s.firstSeq[r] >= 0) {
                    int margin = seqMargin(gap);
                    chance += margin / 4096.0;
                    int d = (s.firstSeq[r] - ch.lastSeq) & 0xFFF;
                    if (d >= 1 && d <= margin) {
                        score = d;
                    }
                } else if (!bySeq && gap <= Sightings.BURST_GAP_NANOS) {
                    score = gap;
                }
                if (score < bestScore) {
                    bestScore = score;
                    best = ch;
                }
            }
            chance += bySeq ? 0 : burstChance;
            if (best == null) {
                chains.add(new Chain(s.first[r], s.last[r], s.lastSeq[r], s.bursts[r]));
            } else {
                links++;
                best.bursts += s.bursts[r] - (s.first[r] - best.last <= Sightings.BURST_GAP_NANOS ? 1 : 0);
                best.last = Math.max(best.last, s.last[r]);
                best.lastSeq = s.lastSeq[r];
            }
        }
        return new Pass(chains, links, chance);
    }

    /** How far a phone's counter may run on over {@code gapNanos}: a scan is a few dozen frames. */
    private static int seqMargin(long gapNanos) {
        return (int) (64 + gapNanos / SECOND / 2);
    }

    /** P(X ≥ k) for X Poisson with mean {@code lambda}. */
    static double poissonTail(int k, double lambda) {
        double term = Math.exp(-lambda);
        double below = 0;
        for (int i = 0; i < k; i++) {
            below += term;
            term *= lambda / (i + 1);
        }
        return Math.max(0, 1 - below);
    }
}

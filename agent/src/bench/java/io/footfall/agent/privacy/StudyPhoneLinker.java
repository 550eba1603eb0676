package io.footfall.agent.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Study only (scripts/study-wifi-truth-linking, docs/BENCHMARKS.md "Joining fingerprint groups"): the
 * agent's {@link PhoneLinker} with candidate rules switched by {@link Options}, so that every
 * candidate is scored on the same windows. Not used by the agent. The candidates:
 * <ul>
 *   <li><b>union</b>: instead of filing a group made only of second-fingerprint addresses with the
 *       group they point to, join every two fingerprints that one address carried into one group;
 *   <li><b>pool</b>: groups worth at most one phone each ({@code budget}: whenever their bursts
 *       together are no more than one phone makes at the calibrated period over their joint span;
 *       {@code apart}: and no burst of one starts within {@link #BURST_LINK_NANOS} of a burst of the
 *       other, the phone's radio scanning one burst at a time) are one phone;
 *   <li><b>singleton weight</b>: a group of one address heard in one burst counts this many phones
 *       instead of one (a phone's stray probe under another fingerprint, or a passer-by).
 * </ul>
 * Below, the description of the estimator it extends.
 *
 * <p>Estimates how many phones were heard in one window, linking the randomised addresses that one
 * phone used. Works only on one window's {@link Sightings}: keyed addresses, keyed IE fingerprints,
 * times and sequence numbers, all discarded with the window. Nothing here can link two windows.
 *
 * <p>A universally administered address is one phone. Randomised addresses are grouped by keyed IE
 * fingerprint (a phone keeps its model between bursts). A group of randomised addresses each of which
 * was also heard under the fingerprint of another group, one that is not itself made only of such
 * addresses, is that group's phones probing under a second fingerprint (an address is one phone; an
 * iPhone XS Max changed fingerprint within one address, docs/PRIVACY.md): its addresses are counted
 * with that group. Then, within each group, in order of first sighting:
 * <ol>
 *   <li><b>Followed by sequence number.</b> An address continues an earlier chain when it starts
 *       after the chain ends and its first 802.11 sequence number follows the chain's last within a
 *       margin that grows with the gap. When the group shows more such links than random counters
 *       would explain (Poisson tail below 5%) and at least {@link #SEQ_LINK_SHARE} of its address
 *       changes link, its phones keep their counter across address changes, and each chain is one
 *       phone.
 *   <li><b>Counted by bursts.</b> Otherwise its phones restart the counter with every new address
 *       (iPhone XR/XS/11/12, Pixel 3A, OnePlus Nord, recent Samsung) and cannot be followed one by
 *       one. An address kept over several bursts is one phone. The other addresses are joined into
 *       bursts (first heard within {@link #BURST_LINK_NANOS} of a burst's start: one scan over the
 *       channels may use a dozen addresses), and the bursts divided by the bursts one phone makes over
 *       the group's span: measured on the same model's universal phones when there are at least
 *       {@value #MIN_REFERENCE_PHONES}, else one per {@link #BURST_PERIOD_NANOS} plus one, the period
 *       fitted on real phones (docs/PRIVACY.md). A group is at least one phone and at most its
 *       addresses, so the estimate never exceeds {@code devices} nor falls to 0 when any was heard.
 *   <li><b>Stray bursts.</b> A group worth at most one phone, every address of which carries on
 *       the counter of a counter-keeping group of another fingerprint ({@code 1..}{@value #STRAY_SEQ_JUMP}
 *       on, within {@link #STRAY_GAP_NANOS}), is that phone sending a burst under another fingerprint
 *       (Xiaomi Redmi 5 in the calibration set), and adds none.
 * </ol>
 * Dwell is measured per followed phone; for phones counted by bursts it is imputed from the same
 * reference phones (else from the group's span), so that the histogram adds up to the estimate.
 */
final class StudyPhoneLinker {
    static final int MIN_REFERENCE_PHONES = 5;
    private static final long SECOND = 1_000_000_000L;
    /** Sightings of one model closer than this are one burst of one phone (calibrated, docs/PRIVACY.md). */
    static final long BURST_LINK_NANOS = 2 * SECOND;
    /** A phone that cannot be followed is taken to burst once per this period (calibrated, docs/PRIVACY.md). */
    static final long BURST_PERIOD_NANOS = 10 * SECOND;
    /**
     * Share of a group's address changes that must continue a counter for the group to be followed
     * by sequence numbers (keepers link nearly all: 90-100% on real phones, docs/PRIVACY.md).
     */
    static final double SEQ_LINK_SHARE = 0.5;
    private static final long LOOKBACK = 300 * SECOND;
    /** A stray burst under another fingerprint carries on a keeper's counter by at most this much ... */
    static final int STRAY_SEQ_JUMP = 32;
    /** ... and within this long after the keeper's address stopped. */
    static final long STRAY_GAP_NANOS = 60 * SECOND;

    /** A candidate: pooling mode ({@code none}, {@code budget}, {@code apart}), singleton weight, union. */
    record Options(String pool, double singletonWeight, boolean union) {
        static final Options AGENT = new Options("none", 1, false);
    }

    /** The estimate and how long each estimated phone stayed. */
    record Estimate(int phones, DwellHistogram dwell) {}

    private StudyPhoneLinker() {}

    /** One phone's addresses as far as the linker can tell. */
    private static final class Chain {
        final long first;
        long last;
        int lastSeq;
        int bursts;
        int version;

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

    /**
     * A group whose phones could not be followed: how many phones its bursts make, over how long
     * ({@code from..to}); {@code bursts} and {@code starts} (the bursts' first sightings, in order) when
     * no address of it was kept over several bursts, else {@code starts} is empty.
     */
    private record Unfollowed(double phones, long span, Reference sameModel, long from, long to, int bursts, long[] starts) {}

    /**
     * Phones in a group that cannot be followed address by address. Addresses of one burst (their
     * sightings within {@link #BURST_LINK_NANOS} of each other) are one burst of one phone: real
     * phones use up to a dozen addresses in one scan over the channels. The bursts are divided by
     * how many one phone makes over the group's span: measured on the same model's universal phones
     * when there are at least {@value #MIN_REFERENCE_PHONES}, else one burst per
     * {@link #BURST_PERIOD_NANOS} plus one, the period calibrated on real phones (docs/PRIVACY.md).
     * At least one phone.
     */
    static Unfollowed bursts(Sightings s, List<Integer> group, Reference sameModel) {
        List<Integer> byFirst = new ArrayList<>(group);
        byFirst.sort((a, b) -> Long.compare(s.first[a], s.first[b]));
        long from = s.first[byFirst.get(0)];
        long to = from;
        long burstStart = Long.MIN_VALUE;
        int bursts = 0;
        int kept = 0;
        long[] starts = new long[byFirst.size()];
        for (int i : byFirst) {
            to = Math.max(to, s.last[i]);
            if (s.bursts[i] > 1) {
                kept++; // an address kept over several bursts is one phone, followed by its address
                continue;
            }
            // measured from the burst's start, not its end: phones of one model bursting in turn do
            // not chain into one endless burst
            if (burstStart == Long.MIN_VALUE || s.first[i] > burstStart + BURST_LINK_NANOS) {
                burstStart = s.first[i];
                starts[bursts++] = burstStart;
            }
        }
        long span = to - from;
        double perPhone = sameModel.phones >= MIN_REFERENCE_PHONES
                ? Math.max(1, sameModel.bursts / (double) sameModel.phones)
                : 1 + span / (double) BURST_PERIOD_NANOS;
        double phones = kept + bursts / perPhone;
        boolean poolable = kept == 0 && sameModel.phones < MIN_REFERENCE_PHONES;
        return new Unfollowed(Math.min(group.size(), Math.max(1, phones)), span, sameModel, from, to, bursts,
                poolable ? Arrays.copyOf(starts, bursts) : new long[0]);
    }

    static Estimate estimate(Sightings s, Options options) {
        double[] bins = new double[4];
        Reference all = new Reference();
        List<Unfollowed> unfollowed = new ArrayList<>();
        List<Integer> keepers = new ArrayList<>();
        List<List<Chain>> followed = new ArrayList<>();
        List<List<Integer>> strays = new ArrayList<>();
        List<Unfollowed> strayGroups = new ArrayList<>();
        // Grouped by keyed fingerprint, then by time: each group is one run. Indices only, so that no
        // keyed value is boxed into an object the window cannot overwrite.
        Groups groups = options.union ? union(s) : groups(s);
        int[] group = groups.of;
        List<Integer> order = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> group[a] != group[b] ? Integer.compare(group[a], group[b]) : Long.compare(s.first[a], s.first[b]));
        for (int from = 0, to; from < order.size(); from = to) {
            int run = group[order.get(from)];
            to = from;
            while (to < order.size() && group[order.get(to)] == run) {
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
            Pass bySeq = linkBySeq(s, randomised);
            if (bySeq.beyondChance() && bySeq.links >= SEQ_LINK_SHARE * (randomised.size() - 1)) {
                keepers.addAll(randomised);
                followed.add(bySeq.chains);
            } else {
                Unfollowed g = bursts(s, randomised, sameModel);
                if (g.phones <= 1) {
                    strays.add(randomised);
                    strayGroups.add(g);
                } else {
                    unfollowed.add(g);
                }
            }
        }
        // A counter-keeping phone may send a burst under another fingerprint: a group worth one phone
        // whose every address carries on a keeper's counter is that keeper, already counted.
        List<Integer>[] keeperEnds = byLastSeq(s, keepers);
        List<Unfollowed> small = new ArrayList<>();
        for (int g = 0; g < strays.size(); g++) {
            if (!continuesKeepers(s, strays.get(g), keeperEnds, group)) {
                Unfollowed u = strayGroups.get(g);
                if (strays.get(g).size() == 1 && u.bursts == 1 && options.singletonWeight != 1) {
                    u = new Unfollowed(options.singletonWeight, u.span, u.sameModel, u.from, u.to, u.bursts, u.starts);
                }
                (u.starts.length > 0 ? small : unfollowed).add(u);
            }
        }
        unfollowed.addAll(pool(small, options.pool));
        for (List<Chain> chains : followed) {
            for (Chain c : chains) {
                bins[DwellHistogram.bin(c.last - c.first)]++;
                all.add(c.last - c.first, c.bursts);
            }
        }
        // Only now is every followed phone known: they are the reference for the dwell of the rest.
        for (Unfollowed g : unfollowed) {
            Reference ref = g.sameModel.phones >= MIN_REFERENCE_PHONES ? g.sameModel : all;
            double phones = g.phones;
            for (int b = 0; b < 4; b++) {
                bins[b] += ref.phones == 0 ? (b == DwellHistogram.bin(g.span) ? phones : 0) : phones * ref.dwell[b] / ref.phones;
            }
        }
        return round(bins, s.size() > 0);
    }

    /**
     * Each sighting's group ({@code of}: the index of its keyed fingerprint among the window's distinct
     * ones), except for the addresses of groups that are only a second fingerprint ({@code absorbed}):
     * every address of such a group is randomised and was also heard under another group's fingerprint
     * ({@link Sightings#bridge}), none of those groups being of that kind itself (so that a group is
     * always left to count the phone), and each of its addresses is filed under that other group.
     */
    private record Groups(int[] of, boolean[] absorbed) {}

    private static Groups groups(Sightings s) {
        int n = s.size();
        long[] fps = Arrays.copyOf(s.fingerprint, n);
        Arrays.sort(fps);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || fps[i] != fps[i - 1]) {
                fps[distinct++] = fps[i];
            }
        }
        int[] of = new int[n];
        int[] other = new int[n];
        for (int i = 0; i < n; i++) {
            of[i] = Arrays.binarySearch(fps, 0, distinct, s.fingerprint[i]);
            other[i] = s.bridge[i] == 0 ? -1 : Arrays.binarySearch(fps, 0, distinct, s.bridge[i]);
        }
        Arrays.fill(fps, 0L);
        boolean[] secondOnly = new boolean[distinct];
        Arrays.fill(secondOnly, true);
        for (int i = 0; i < n; i++) {
            secondOnly[of[i]] &= s.local[i] && other[i] >= 0;
        }
        boolean[] absorbed = secondOnly.clone();
        for (int i = 0; i < n; i++) {
            absorbed[of[i]] &= other[i] >= 0 && !secondOnly[other[i]];
        }
        for (int i = 0; i < n; i++) {
            if (absorbed[of[i]]) {
                of[i] = other[i];
            }
        }
        return new Groups(of, absorbed);
    }

    /**
     * Groups worth at most one phone each, pooled: first-fit in order of most bursts, a group joins a
     * pool when the pool's bursts and its own together are no more than one phone makes over their
     * joint span; each pool is one phone.
     */
    private static List<Unfollowed> pool(List<Unfollowed> small, String mode) {
        if (mode.equals("none") || small.size() < 2) {
            return small;
        }
        List<Unfollowed> byBursts = new ArrayList<>(small);
        byBursts.sort((a, b) -> Integer.compare(b.bursts, a.bursts));
        List<Unfollowed> pools = new ArrayList<>();
        // a pool of groups is one phone (singleton weights included: a pool is a phone)
        for (Unfollowed g : byBursts) {
            int fit = -1;
            for (int p = 0; p < pools.size() && fit < 0; p++) {
                Unfollowed q = pools.get(p);
                long from = Math.min(q.from, g.from);
                long to = Math.max(q.to, g.to);
                boolean room = q.bursts + g.bursts <= 1 + (to - from) / (double) BURST_PERIOD_NANOS;
                if (room && (mode.equals("budget") || apart(q.starts, g.starts))) {
                    fit = p;
                }
            }
            if (fit < 0) {
                pools.add(g);
            } else {
                Unfollowed q = pools.get(fit);
                long from = Math.min(q.from, g.from);
                long to = Math.max(q.to, g.to);
                long[] starts = Arrays.copyOf(q.starts, q.starts.length + g.starts.length);
                System.arraycopy(g.starts, 0, starts, q.starts.length, g.starts.length);
                Arrays.sort(starts);
                pools.set(fit, new Unfollowed(Math.max(q.phones, g.phones), to - from, q.sameModel, from, to, q.bursts + g.bursts, starts));
            }
        }
        return pools;
    }

    /** Whether no burst of one starts within {@link #BURST_LINK_NANOS} of a burst of the other. */
    private static boolean apart(long[] a, long[] b) {
        for (long x : a) {
            for (long y : b) {
                if (Math.abs(x - y) <= BURST_LINK_NANOS) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The union candidate: fingerprints one address carried are one group; nothing is dropped. */
    private static Groups union(Sightings s) {
        int n = s.size();
        long[] fps = Arrays.copyOf(s.fingerprint, n);
        Arrays.sort(fps);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || fps[i] != fps[i - 1]) {
                fps[distinct++] = fps[i];
            }
        }
        int[] parent = new int[distinct];
        for (int r = 0; r < distinct; r++) {
            parent[r] = r;
        }
        int[] of = new int[n];
        for (int i = 0; i < n; i++) {
            of[i] = Arrays.binarySearch(fps, 0, distinct, s.fingerprint[i]);
        }
        for (int i = 0; i < n; i++) {
            int other = s.bridge[i] == 0 ? -1 : Arrays.binarySearch(fps, 0, distinct, s.bridge[i]);
            if (other >= 0) {
                int a = root(parent, of[i]);
                int b = root(parent, other);
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        Arrays.fill(fps, 0L);
        for (int i = 0; i < n; i++) {
            of[i] = root(parent, of[i]);
        }
        return new Groups(of, new boolean[distinct]);
    }

    private static int root(int[] parent, int r) {
        while (parent[r] != r) {
            parent[r] = parent[parent[r]];
            r = parent[r];
        }
        return r;
    }

    /** Keeper addresses filed under their last sequence number. */
    private static List<Integer>[] byLastSeq(Sightings s, List<Integer> keepers) {
        @SuppressWarnings("unchecked")
        List<Integer>[] out = (List<Integer>[]) new List<?>[4096];
        for (int i : keepers) {
            if (s.lastSeq[i] >= 0) {
                if (out[s.lastSeq[i]] == null) {
                    out[s.lastSeq[i]] = new ArrayList<>(2);
                }
                out[s.lastSeq[i]].add(i);
            }
        }
        return out;
    }

    /**
     * Whether every address of a group starts within {@link #STRAY_GAP_NANOS} after a keeper
     * address of another group stopped, its counter {@code 1..}{@value #STRAY_SEQ_JUMP} on.
     */
    private static boolean continuesKeepers(Sightings s, List<Integer> members, List<Integer>[] keeperEnds, int[] group) {
        for (int r : members) {
            int seq = s.firstSeq[r];
            boolean found = false;
            for (int d = 1; d <= STRAY_SEQ_JUMP && seq >= 0 && !found; d++) {
                List<Integer> bucket = keeperEnds[(seq - d) & 0xFFF];
                for (int i = 0; bucket != null && i < bucket.size() && !found; i++) {
                    long gap = s.first[r] - s.last[bucket.get(i)];
                    found = gap >= 0 && gap <= STRAY_GAP_NANOS && group[bucket.get(i)] != group[r];
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Whole counts per bin adding up to the rounded total (largest remainders first). */
    private static Estimate round(double[] bins, boolean heard) {
        double total = 0;
        int[] whole = new int[bins.length];
        int sum = 0;
        for (int b = 0; b < bins.length; b++) {
            total += bins[b];
            whole[b] = (int) Math.floor(bins[b]);
            sum += whole[b];
        }
        // never 0 when anything was heard: the window held at least one phone
        int phones = heard ? Math.max(1, (int) Math.round(total)) : 0;
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
    }

    /**
     * Chains by sequence continuity. Chains are filed under their last sequence number, so that an
     * address looks only at the few chains its counter could continue: linear in the group, not
     * quadratic, at a busy node's tens of thousands of addresses per window.
     */
    private static Pass linkBySeq(Sightings s, List<Integer> group) {
        List<Chain> chains = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Chain>[] bySeq = (List<Chain>[]) new List<?>[4096];
        // Chains that may still be continued, for the number of matches random counters would give.
        PriorityQueue<Filed> live = new PriorityQueue<>((a, b) -> Long.compare(a.last, b.last));
        long base = s.first[group.get(0)];
        int liveCount = 0;
        double liveSeconds = 0; // sum over live chains of (last - base) in seconds
        int links = 0;
        double chance = 0;
        int maxMargin = seqMargin(LOOKBACK);
        for (int r : group) {
            long t = s.first[r];
            while (!live.isEmpty() && live.peek().last < t - LOOKBACK) {
                Filed f = live.poll();
                if (f.version == f.chain.version) {
                    liveCount--;
                    liveSeconds -= seconds(f.last - base);
                }
            }
            int seq = s.firstSeq[r];
            Chain best = null;
            if (seq >= 0) {
                // expected chance matches: sum over live chains of margin(gap) / 4096
                double gapSeconds = liveCount * seconds(t - base) - liveSeconds;
                chance += (64.0 * liveCount + gapSeconds / 2) / 4096;
                search:
                for (int d = 1; d <= maxMargin; d++) {
                    List<Chain> bucket = bySeq[(seq - d) & 0xFFF];
                    for (int i = 0; bucket != null && i < bucket.size(); i++) {
                        Chain ch = bucket.get(i);
                        long gap = t - ch.last;
                        if (gap > LOOKBACK) {
                            bucket.set(i, bucket.get(bucket.size() - 1));
                            bucket.remove(bucket.size() - 1);
                            i--;
                        } else if (gap >= 0 && d <= seqMargin(gap)) {
                            best = ch;
                            break search;
                        }
                    }
                }
            }
            if (best == null) {
                best = new Chain(t, s.last[r], s.lastSeq[r], s.bursts[r]);
                chains.add(best);
            } else {
                links++;
                bySeq[best.lastSeq].remove(best);
                liveCount--;
                liveSeconds -= seconds(best.last - base);
                best.bursts += s.bursts[r] - (t - best.last <= Sightings.BURST_GAP_NANOS ? 1 : 0);
                best.last = Math.max(best.last, s.last[r]);
                best.lastSeq = s.lastSeq[r];
                best.version++;
            }
            if (best.lastSeq >= 0) {
                if (bySeq[best.lastSeq] == null) {
                    bySeq[best.lastSeq] = new ArrayList<>(2);
                }
                bySeq[best.lastSeq].add(best);
                live.add(new Filed(best.last, best.version, best));
                liveCount++;
                liveSeconds += seconds(best.last - base);
            }
        }
        return new Pass(chains, links, chance);
    }

    /** A chain as filed when it last changed; stale once the chain's version moves on. */
    private record Filed(long last, int version, Chain chain) {}

    private static double seconds(long nanos) {
        return nanos / (double) SECOND;
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

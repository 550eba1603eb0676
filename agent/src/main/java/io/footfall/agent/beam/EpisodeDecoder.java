package io.footfall.agent.beam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decides who crossed in one episode: everything between two moments when both beams had been
 * clear for {@code maxGap}. Each person leaves one occlusion on each beam; the occlusions of people
 * close together may merge into one.
 *
 * <ol>
 *   <li>Pair A's and B's occlusions in time order, as many pairs as possible (ties: most overlap).
 *       A pair must overlap, or be at most {@code maxGap} apart, and start and end within
 *       {@code maxTransit} of each other.
 *   <li>An occlusion left over that overlaps a paired one on the other beam is another person whose
 *       occlusion merged with someone else's there: it pairs again with that one (shared).
 *       Anything else left over is someone who stepped in and back, or noise: nothing.
 *   <li>A pair whose A starts and ends first is {@code IN}; B first, {@code OUT}. When one occlusion
 *       lies within the other and neither is shared, the person went to the far beam and back:
 *       nothing. When the outer one is shared, the start order decides.
 *   <li>Optionally ({@code splitDepth > 0}), a pair whose occlusion is deeper than one body counts two.
 * </ol>
 */
final class EpisodeDecoder {
    /** One decided crossing: its direction, when it was decided (the pair's last clear), how many people. */
    record Decided(Direction direction, long tNanos, int people) {}

    private final long maxTransit;
    private final long maxGap;
    private final double spacing;
    private final double splitDepth;

    EpisodeDecoder(DecoderSettings s) {
        this.maxTransit = s.maxTransit().toNanos();
        this.maxGap = s.maxGap().toNanos();
        this.spacing = s.spacing();
        this.splitDepth = s.splitDepth();
    }

    List<Decided> decode(List<Occlusion> a, List<Occlusion> b) {
        int n = a.size();
        int m = b.size();
        // best[i][j]: most pairs (then most overlap) using a[i..] and b[j..]
        double[][] best = new double[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                double v = Math.max(best[i + 1][j], best[i][j + 1]);
                if (compatible(a.get(i), b.get(j))) {
                    v = Math.max(v, best[i + 1][j + 1] + score(a.get(i), b.get(j)));
                }
                best[i][j] = v;
            }
        }
        int[] partnerOfA = new int[n];
        int[] partnerOfB = new int[m];
        Arrays.fill(partnerOfA, -1);
        Arrays.fill(partnerOfB, -1);
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0, j = 0; i < n && j < m; ) {
            if (compatible(a.get(i), b.get(j)) && best[i][j] == best[i + 1][j + 1] + score(a.get(i), b.get(j))) {
                pairs.add(new int[] {i, j});
                partnerOfA[i] = j;
                partnerOfB[j] = i;
                i++;
                j++;
            } else if (best[i][j] == best[i + 1][j]) {
                i++;
            } else {
                j++;
            }
        }
        int[] usesA = new int[n];
        int[] usesB = new int[m];
        for (int[] p : pairs) {
            usesA[p[0]]++;
            usesB[p[1]]++;
        }
        for (int i = 0; i < n; i++) {
            if (partnerOfA[i] < 0) {
                int j = mergedPartner(a.get(i), b, partnerOfB);
                if (j >= 0) {
                    pairs.add(new int[] {i, j});
                    usesA[i]++;
                    usesB[j]++;
                }
            }
        }
        for (int j = 0; j < m; j++) {
            if (partnerOfB[j] < 0) {
                int i = mergedPartner(b.get(j), a, partnerOfA);
                if (i >= 0) {
                    pairs.add(new int[] {i, j});
                    usesA[i]++;
                    usesB[j]++;
                }
            }
        }
        List<Decided> out = new ArrayList<>();
        for (int[] p : pairs) {
            Occlusion oa = a.get(p[0]);
            Occlusion ob = b.get(p[1]);
            boolean shared = usesA[p[0]] > 1 || usesB[p[1]] > 1;
            int byStart = Long.compare(ob.start(), oa.start()); // > 0: A first
            int byEnd = Long.compare(ob.end(), oa.end()); // > 0: A cleared first
            Direction d;
            if (byStart != 0 && Integer.signum(byStart) == Integer.signum(byEnd)) {
                d = byStart > 0 ? Direction.IN : Direction.OUT;
            } else if (shared && byStart != 0) {
                d = byStart > 0 ? Direction.IN : Direction.OUT;
            } else if (byStart == 0 && byEnd != 0) {
                d = byEnd > 0 ? Direction.IN : Direction.OUT;
            } else {
                continue; // went to the far beam and back, or no order to tell
            }
            out.add(new Decided(d, Math.max(oa.end(), ob.end()), shared ? 1 : people(oa, ob)));
        }
        out.sort(Comparator.comparingLong(Decided::tNanos));
        return out;
    }

    private boolean compatible(Occlusion x, Occlusion y) {
        return Math.abs(x.start() - y.start()) <= maxTransit
                && Math.abs(x.end() - y.end()) <= maxTransit
                && x.gap(y) <= maxGap;
    }

    /** One pair, plus a little for overlap so that among equal matchings the closest wins. */
    private static double score(Occlusion x, Occlusion y) {
        long span = Math.max(x.end(), y.end()) - Math.min(x.start(), y.start());
        return 1 + (span == 0 ? 0 : 0.5 * x.overlap(y) / (double) span);
    }

    /** The paired occlusion on the other beam that {@code x} overlaps most, or -1. */
    private int mergedPartner(Occlusion x, List<Occlusion> other, int[] partnerOfOther) {
        int bestIndex = -1;
        long bestOverlap = 0;
        for (int k = 0; k < other.size(); k++) {
            Occlusion y = other.get(k);
            long o = x.overlap(y);
            if (partnerOfOther[k] >= 0 && o > bestOverlap && compatible(x, y)) {
                bestIndex = k;
                bestOverlap = o;
            }
        }
        return bestIndex;
    }

    /** People in one unshared pair: two when the occlusion is deeper than {@code splitDepth}. */
    private int people(Occlusion x, Occlusion y) {
        if (splitDepth <= 0) {
            return 1;
        }
        long lag = (Math.abs(x.start() - y.start()) + Math.abs(x.end() - y.end())) / 2;
        if (lag <= 0) {
            return 1;
        }
        double depth = spacing * Math.min(x.length(), y.length()) / lag;
        return depth > splitDepth ? 2 : 1;
    }
}

package io.footfall.sim.cli.bench;

import io.footfall.agent.beam.Crossing;
import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.beam.Direction;
import io.footfall.agent.beam.PassageDecoder;
import io.footfall.hal.ConfigException;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.sim.GroundTruth.TrueCrossing;
import io.footfall.sim.beam.Crowd;
import io.footfall.sim.beam.CrowdSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accuracy of the decoder against ground truth on simulated traffic, offline (no sleeping): for
 * each rate, simulate one passage, decode it as the agent would, compare. Run by
 * {@code scripts/bench-beams}; prints a Markdown table.
 *
 * <p>Besides the totals, each decoded crossing is matched to a true one of the same direction
 * whose last edge is within {@link #MATCH_NANOS}; "right" is the share of true crossings matched,
 * "missed" and "extra" are the rest on either side. Totals can look good while misses and extras
 * cancel; "right" cannot.
 *
 * <p>Arguments are {@code key=value}: {@code rates=100,600,1500,3000,6000}, {@code hours=1},
 * {@code seed=1}, {@code seeds=1} (runs per rate, summed), the crowd's {@code sim-*} keys, the
 * decoder's {@code beam-*} keys, and for the table {@code label=TEXT} (a first column) and
 * {@code header=false} (rows only, to append to a table).
 */
public final class BeamBenchmark {
    static final long MATCH_NANOS = 1_000_000_000L;

    /** One rate's result, summed over its runs. */
    public record Row(double rate, int trueIn, int trueOut, int in, int out, int matched) {
        public double inPercent() {
            return 100.0 * in / Math.max(1, trueIn);
        }

        public double outPercent() {
            return 100.0 * out / Math.max(1, trueOut);
        }

        public double rightPercent() {
            return 100.0 * matched / Math.max(1, trueIn + trueOut);
        }

        Row plus(Row o) {
            return new Row(rate, trueIn + o.trueIn, trueOut + o.trueOut, in + o.in, out + o.out, matched + o.matched);
        }
    }

    private BeamBenchmark() {}

    /** Simulates {@code hours} at {@code rate} people per hour through one passage and decodes it. */
    public static Row run(double rate, double hours, long seed, CrowdSettings crowd, DecoderSettings settings) {
        List<Crossing> decoded = new ArrayList<>();
        List<TrueCrossing> truth = new ArrayList<>();
        PassageDecoder decoder = new PassageDecoder("door-1", settings, decoded::add);
        long end = (long) (hours * 3600e9);
        long[] last = {0};
        Crowd.generate(List.of("door-1"), crowd, t -> rate, seed, 0, end, (BeamEdge e) -> {
            decoder.onEdge(e);
            last[0] = e.tNanos();
        }, truth::add);
        decoder.tick(last[0] + 10_000_000_000L);
        int in = (int) decoded.stream().filter(c -> c.direction() == Direction.IN).count();
        int trueIn = (int) truth.stream().filter(TrueCrossing::in).count();
        return new Row(rate, trueIn, truth.size() - trueIn, in, decoded.size() - in, matched(decoded, truth));
    }

    /** Greedy in time order: each true crossing takes the nearest unused decoded one of its direction within the window. */
    static int matched(List<Crossing> decoded, List<TrueCrossing> truth) {
        boolean[] used = new boolean[decoded.size()];
        int matched = 0;
        int from = 0;
        for (TrueCrossing t : truth) {
            while (from < decoded.size() && decoded.get(from).tNanos() < t.tNanos() - MATCH_NANOS) {
                from++;
            }
            int best = -1;
            long bestDistance = Long.MAX_VALUE;
            for (int k = from; k < decoded.size() && decoded.get(k).tNanos() <= t.tNanos() + MATCH_NANOS; k++) {
                Crossing c = decoded.get(k);
                long distance = Math.abs(c.tNanos() - t.tNanos());
                if (!used[k] && (c.direction() == Direction.IN) == t.in() && distance < bestDistance) {
                    best = k;
                    bestDistance = distance;
                }
            }
            if (best >= 0) {
                used[best] = true;
                matched++;
            }
        }
        return matched;
    }

    public static void main(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(a, "", "key=value");
            }
            o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        CrowdSettings crowd = CrowdSettings.fromOptions(o);
        DecoderSettings decoder = DecoderSettings.fromOptions(o);
        double hours = Double.parseDouble(o.getOrDefault("hours", "1"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        int seeds = Integer.parseInt(o.getOrDefault("seeds", "1"));
        String label = o.containsKey("label") ? "| " + o.get("label") + " " : "";
        if (!o.getOrDefault("header", "true").equals("false")) {
            System.out.printf(Locale.ROOT, "%s| people/h | true in | true out | counted in | counted out | in %% of truth | out %% of truth "
                    + "| net error | crossings right | missed | extra |%n", label.isEmpty() ? "" : "| scenario ");
            System.out.printf("%s|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n", label.isEmpty() ? "" : "|---");
        }
        for (String r : o.getOrDefault("rates", "100,600,1500,3000,6000").split(",")) {
            double rate = Double.parseDouble(r.trim());
            Row sum = new Row(rate, 0, 0, 0, 0, 0);
            for (int s = 0; s < seeds; s++) {
                sum = sum.plus(run(rate, hours, seed + s, crowd, decoder));
            }
            int truth = sum.trueIn() + sum.trueOut();
            int counted = sum.in() + sum.out();
            System.out.printf(Locale.ROOT, label + "| %,.0f | %d | %d | %d | %d | %.1f%% | %.1f%% | %+.1f%% | %.1f%% | %d | %d |%n",
                    rate, sum.trueIn(), sum.trueOut(), sum.in(), sum.out(), sum.inPercent(), sum.outPercent(),
                    100.0 * (counted - truth) / Math.max(1, truth), sum.rightPercent(), truth - sum.matched(), counted - sum.matched());
        }
    }
}

package io.footfall.agent.beam;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.hal.ConfigException;
import io.footfall.sim.beam.Crowd;
import io.footfall.sim.beam.CrowdSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accuracy of the decoder against ground truth on simulated traffic, offline (no sleeping): for
 * each rate, simulate, decode, compare. Run by {@code scripts/bench-beams}; prints a Markdown table.
 *
 * <p>Arguments are {@code key=value}: {@code rates=100,600,1500,3000,6000}, {@code hours=1},
 * {@code seed=1}, {@code seeds=1} (runs per rate, summed), the crowd's {@code sim-*} keys and the
 * decoder's {@code beam-*} keys.
 */
public final class BeamBenchmark {
    /** One rate's result, summed over its runs. */
    public record Row(double rate, int trueIn, int trueOut, int in, int out) {
        public double inPercent() {
            return 100.0 * in / Math.max(1, trueIn);
        }

        public double outPercent() {
            return 100.0 * out / Math.max(1, trueOut);
        }
    }

    private BeamBenchmark() {}

    /** Simulates {@code hours} at {@code rate} people per hour through one passage and decodes it. */
    public static Row run(double rate, double hours, long seed, CrowdSettings crowd, DecoderSettings decoder) {
        BeamReplay replay = new BeamReplay(decoder);
        int[] truth = new int[2];
        Crowd.generate(List.of("door-1"), crowd, t -> rate, seed, 0, (long) (hours * 3600e9), replay::edge,
                c -> truth[c.in() ? 0 : 1]++);
        BeamCounts counts = replay.finish();
        return new Row(rate, truth[0], truth[1], counts.in(), counts.out());
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
        System.out.printf(Locale.ROOT, "| people/h | true in | true out | counted in | counted out | in %% of truth | out %% of truth | total error |%n");
        System.out.printf("|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        for (String r : o.getOrDefault("rates", "100,600,1500,3000,6000").split(",")) {
            double rate = Double.parseDouble(r.trim());
            int ti = 0, to = 0, ci = 0, co = 0;
            for (int s = 0; s < seeds; s++) {
                Row row = run(rate, hours, seed + s, crowd, decoder);
                ti += row.trueIn();
                to += row.trueOut();
                ci += row.in();
                co += row.out();
            }
            Row sum = new Row(rate, ti, to, ci, co);
            double total = 100.0 * ((ci + co) - (ti + to)) / Math.max(1, ti + to);
            System.out.printf(Locale.ROOT, "| %,.0f | %d | %d | %d | %d | %.1f%% | %.1f%% | %+.1f%% |%n",
                    rate, ti, to, ci, co, sum.inPercent(), sum.outPercent(), total);
        }
    }
}

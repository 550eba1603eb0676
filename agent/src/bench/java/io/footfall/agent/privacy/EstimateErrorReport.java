package io.footfall.agent.privacy;

import io.footfall.sim.TrafficProfile;
import io.footfall.sim.wifi.PhoneCrowd;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The estimate's error against the simulator's ground truth at 0, 40, 70 and 100% randomising phones,
 * and the accuracy cost of noise. Offline: the simulated street runs as fast as it computes.
 * Run by scripts/bench-privacy; arguments: [windows per share] [people per hour] [window minutes].
 */
public final class EstimateErrorReport {
    private static final long MINUTE = 60_000_000_000L;

    public static void main(String[] args) {
        int windows = args.length > 0 ? Integer.parseInt(args[0]) : 48;
        double perHour = args.length > 1 ? Double.parseDouble(args[1]) : 600;
        int minutes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.printf("windows per share: %d, flat %.0f people/hour, %d-minute windows, seeds 1..%d%n%n", windows, perHour,
                minutes, windows);
        System.out.println("share  truth(median)  estimated err: median |err|  mean err  p90 |err|  max |err|  within ±20%   devices err: median");
        for (double share : new double[] {0, 0.4, 0.7, 1}) {
            double[] err = new double[windows];
            double[] devErr = new double[windows];
            int[] truths = new int[windows];
            for (int w = 0; w < windows; w++) {
                Result r = run(share, perHour, minutes, w + 1, new PrivacySettings(OptionalInt.empty(), 1, OptionalDouble.empty()));
                truths[w] = r.truth;
                err[w] = (r.counts.estimated() - r.truth) / (double) r.truth;
                devErr[w] = (r.counts.devices() - r.truth) / (double) r.truth;
            }
            double within = Arrays.stream(err).filter(e -> Math.abs(e) <= 0.2).count() / (double) windows;
            System.out.printf("%4.0f%%  %13d  %24.1f%%  %+7.1f%%  %8.1f%%  %8.1f%%  %10.0f%%  %+10.1f%%%n", share * 100,
                    (int) median(Arrays.stream(truths).asDoubleStream().toArray()), 100 * median(abs(err)), 100 * mean(err),
                    100 * quantile(abs(err), 0.9), 100 * Arrays.stream(abs(err)).max().orElse(0), 100 * within,
                    100 * median(devErr));
        }
        System.out.println();
        System.out.println("noise (70% randomising, 20 draws per window): epsilon  median |estimated - exact|  mean |…|  median |…|/exact");
        for (double eps : new double[] {0.5, 1, 2, 4}) {
            List<Double> diffs = new ArrayList<>();
            List<Double> relative = new ArrayList<>();
            for (int w = 0; w < windows; w++) {
                PrivacySettings exact = new PrivacySettings(OptionalInt.empty(), 1, OptionalDouble.empty());
                PrivacySettings noisy = new PrivacySettings(OptionalInt.empty(), 1, OptionalDouble.of(eps));
                Result a = run(0.7, perHour, minutes, w + 1, exact);
                for (int rep = 0; rep < 20; rep++) {
                    Result b = run(0.7, perHour, minutes, w + 1, noisy);
                    diffs.add((double) Math.abs(b.counts.estimated() - a.counts.estimated()));
                    relative.add(Math.abs(b.counts.estimated() - a.counts.estimated()) / (double) a.counts.estimated());
                }
            }
            double[] d = diffs.stream().mapToDouble(Double::doubleValue).toArray();
            double[] rel = relative.stream().mapToDouble(Double::doubleValue).toArray();
            System.out.printf("%55.1f  %24.1f  %8.2f  %15.1f%%%n", eps, median(d), mean(d), 100 * median(rel));
        }
    }

    record Result(int truth, WifiCounts counts) {}

    /** One window of {@code minutes}, after an hour of warm-up so that long stays are under way. */
    static Result run(double share, double perHour, int minutes, long seed, PrivacySettings settings) {
        PhoneCrowd crowd = new PhoneCrowd(TrafficProfile.flat(perHour), t -> t / 1_000_000L, share, seed, 0);
        List<PhoneCrowd.Heard> heard = crowd.window(60 * MINUTE, (60L + minutes) * MINUTE);
        try (WifiWindow window = new WifiWindow(new SecureRandom(), settings)) {
            heard.forEach(h -> window.add(h.probe()));
            return new Result(PhoneCrowd.distinctPhones(heard), window.counts());
        }
    }

    private static double[] abs(double[] a) {
        return Arrays.stream(a).map(Math::abs).toArray();
    }

    private static double mean(double[] a) {
        return Arrays.stream(a).average().orElse(0);
    }

    private static double median(double[] a) {
        return quantile(a, 0.5);
    }

    private static double quantile(double[] a, double q) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[(int) Math.min(s.length - 1, Math.floor(q * s.length))];
    }
}

package io.footfall.agent.privacy;

import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.hal.wifi.pcap.PcapReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The phone estimate against real captures with known ground truth (../shared/data/wifi-truth, see
 * its README): single phones, overlays of K phones shifted to a common start, and a classroom with
 * the number of people counted per minute. Every window goes through the live {@link WifiWindow}
 * (new estimator) and, on the same keyed sightings, through {@link LegacyPhoneLinker} (old).
 *
 * <p>The split is fixed before any tuning and printed with every figure: cagliari devices by letter
 * ({@link #FIT_LETTERS} fit, the others check, both mixing iOS and Android), probing-patterns check
 * only, classroom days alternately fit and check in date order. Overlays draw K distinct devices of
 * one split at random (seeded) and shift each session to a common start plus a random offset under
 * 30 s. Run by scripts/bench-wifi-truth; argument: the wifi-truth directory.
 */
public final class WifiTruthBench {
    static final long S = 1_000_000_000L;
    static final long WINDOW = 300 * S;
    /** Fit devices: 9 Android (A C E H J L O R T) and 2 iOS (N W); the other 11 (8 Android, 3 iOS) check. */
    static final Set<String> FIT_LETTERS = Set.of("A", "C", "E", "H", "J", "L", "N", "O", "R", "T", "W");
    static final int[] KS = {2, 5, 8, 11};
    static final int COMBOS = 60;
    /** Linking rules studied side by side (scripts/study-wifi-truth-linking), estimated only when dumping. */
    static final List<StudyPhoneLinker.Options> CANDIDATES = List.of(StudyPhoneLinker.Options.AGENT,
            new StudyPhoneLinker.Options("none", 1, true),
            new StudyPhoneLinker.Options("budget", 1, false), new StudyPhoneLinker.Options("apart", 1, false),
            new StudyPhoneLinker.Options("none", 0, false), new StudyPhoneLinker.Options("none", 0.25, false),
            new StudyPhoneLinker.Options("none", 0.5, false), new StudyPhoneLinker.Options("none", 0.75, false));

    record Probe(long t, long src, int rssi, int seq, long fp) {}

    record Session(String device, List<Probe> probes) {}

    /**
     * One window's figures: truth, devices, the old (pre-#10) estimate, the new estimate and its
     * interval, {@code prev}: the #10 estimate, before second-fingerprint groups were filed with their
     * phone's group ({@link MainPhoneLinker}), and {@code cand}: the {@link #CANDIDATES}' estimates (only with a dump).
     */
    record Row(double truth, int devices, int old, int est, int low, int high, int universal, String devs, int oldLow, int oldHigh, int prev, int[] cand) {}

    /**
     * The interval published before the per-phone error model (quantiles of truth / estimate on the
     * FIT windows, by estimate 1, 2-4, 5+), kept verbatim for the side-by-side coverage only.
     */
    static int[] legacyInterval(int estimated, int devices) {
        double[] lowF = {1.00, 0.50, 0.88};
        double[] highF = {1.00, 1.00, 1.00};
        if (estimated == 0) {
            return new int[] {0, 0};
        }
        int regime = estimated == 1 ? 0 : estimated <= 4 ? 1 : 2;
        int low = Math.max(devices > 0 ? 1 : 0, Math.min(estimated, (int) Math.floor(estimated * lowF[regime])));
        int high = Math.max(estimated, Math.min(Math.max(devices, estimated), (int) Math.ceil(estimated * highF[regime])));
        return new int[] {low, high};
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/data/wifi-truth");
        if (System.getenv("WIFI_TRUTH_DUMP") != null) {
            Files.writeString(Path.of(System.getenv("WIFI_TRUTH_DUMP")), "#candidates\t" + CANDIDATES.stream()
                    .map(o -> o.union() ? "union" : o.pool() + "/" + o.singletonWeight()).collect(Collectors.joining("\t")) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        List<Session> cag = cagliari(root.resolve("cagliari"));
        List<Session> pp = probingPatterns(root.resolve("probing-patterns"));
        List<Session> fit = cag.stream().filter(s -> FIT_LETTERS.contains(s.device)).toList();
        List<Session> check = new ArrayList<>(cag.stream().filter(s -> !FIT_LETTERS.contains(s.device)).toList());
        List<Session> checkCag = List.copyOf(check);
        check.addAll(pp);
        System.out.printf("split: FIT cagliari %s (%d sessions); CHECK cagliari %s (%d sessions) + probing-patterns %s%n%n",
                devices(fit), fit.size(), devices(checkCag), checkCag.size(), devices(pp));

        System.out.println("## Single phones, 5-minute windows (epoch-aligned on each capture's clock)");
        System.out.println("set                      windows   old: est 1-2   #10: est 1-2 est 2+   new: est 1-2 est 2+   new median   devices median   interval covers 1");
        single("FIT   cagliari", fit);
        single("CHECK cagliari", checkCag);
        single("CHECK probing-patterns", pp);
        single("CHECK all", check);

        System.out.println();
        System.out.println("## Overlays of K phones shifted to a common start (" + COMBOS + " combinations per K, seed 1; first window)");
        System.out.println("set    K  windows  truth med   old: med|err|  max|err|   #10: med|err|  max|err|  >60%   new: med|err|  max|err|  >60%   devices med|err|  interval coverage");
        for (int k : KS) {
            overlay("FIT  ", fit, k);
        }
        for (int k : KS) {
            overlay("CHECK", check, k);
        }

        System.out.println();
        COVERAGE.forEach((split, c) -> System.out.printf("80%% interval (estimatedLow..estimatedHigh) holds the true phones in %.0f%% of %s windows (%d: singles and overlays)%n",
                100.0 * c[0] / c[1], split, c[1]));
        System.out.println();
        classroom(root.resolve("classroom"));
    }

    private static String devices(List<Session> ss) {
        return ss.stream().map(Session::device).distinct().sorted().collect(Collectors.joining(","));
    }

    // ---- evaluation ----

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PrivacySettings K1 = new PrivacySettings(OptionalInt.empty(), 1, OptionalDouble.empty());

    /** One window through the live path; the old estimator reads the same keyed sightings. */
    static Row eval(List<Probe> probes, double truth) {
        return eval(probes, truth, "-");
    }

    /** @param devs the phones in the window (device letters or names, space-separated), for the cross-validation dump */
    static Row eval(List<Probe> probes, double truth, String devs) {
        try (WifiWindow w = new WifiWindow(RANDOM, K1)) {
            for (Probe p : probes) {
                w.add(new ProbeRequest(p.t, p.src, p.rssi, p.seq, p.fp, false));
            }
            WifiCounts c = w.counts();
            int old = LegacyPhoneLinker.estimate(w.sightings()).phones();
            int prev = MainPhoneLinker.estimate(w.sightings()).phones();
            int[] cand = new int[CANDIDATES.size()];
            for (int i = 0; i < cand.length && System.getenv("WIFI_TRUTH_DUMP") != null; i++) {
                cand[i] = StudyPhoneLinker.estimate(w.sightings(), CANDIDATES.get(i)).phones();
            }
            int[] legacy = legacyInterval(c.estimated(), c.devices());
            return new Row(truth, c.devices(), old, c.estimated(), c.estimatedLow(), c.estimatedHigh(), c.universal(), devs,
                    legacy[0], legacy[1], prev, cand);
        }
    }

    /** Interval coverage pooled over single-phone and overlay windows, per split. */
    private static final Map<String, int[]> COVERAGE = new LinkedHashMap<>();

    /** Rows per "split regime" for the interval table; classroom truth is people x the FIT-days factor. */
    private static final Map<String, List<double[]>> INTERVAL = new LinkedHashMap<>();

    private static void interval(String key, List<Row> rows, double factor) {
        List<double[]> l = INTERVAL.computeIfAbsent(key, k -> new ArrayList<>());
        for (Row r : rows) {
            double t = r.truth * factor;
            l.add(new double[] {r.oldLow <= t && t <= r.oldHigh ? 1 : 0, (r.oldHigh - r.oldLow) / (double) r.est,
                    r.low <= t && t <= r.high ? 1 : 0, (r.high - r.low) / (double) r.est});
        }
    }

    private static void printIntervals() {
        System.out.println("## 80% interval by regime: share of windows whose truth lies in low..high, and mean width (high - low) / estimate");
        System.out.println("regime                     windows   old: coverage  width   new: coverage  width");
        INTERVAL.forEach((key, l) -> System.out.printf("%-26s %7d   %12.0f%%  %5.2f   %12.0f%%  %5.2f%n", key, l.size(),
                100 * l.stream().mapToDouble(v -> v[0]).average().orElse(Double.NaN), l.stream().mapToDouble(v -> v[1]).average().orElse(Double.NaN),
                100 * l.stream().mapToDouble(v -> v[2]).average().orElse(Double.NaN), l.stream().mapToDouble(v -> v[3]).average().orElse(Double.NaN)));
    }

    private static void cover(String split, List<Row> rows) {
        int[] c = COVERAGE.computeIfAbsent(split, k -> new int[2]);
        for (Row r : rows) {
            c[0] += r.low <= r.truth && r.truth <= r.high ? 1 : 0;
            c[1]++;
        }
    }

    private static void single(String name, List<Session> sessions) {
        List<Row> rows = new ArrayList<>();
        for (Session s : sessions) {
            for (List<Probe> w : windows(s.probes).values()) {
                Row r = eval(w, 1, s.device);
                rows.add(r);
                if (System.getenv("WIFI_TRUTH_DEBUG") != null) {
                    System.out.println("  " + s.device + " devices=" + r.devices + " old=" + r.old + " new=" + r.est);
                }
            }
        }
        System.out.printf("%-24s %7d   %11.0f%%   %11.0f%% %5.0f%%   %11.0f%% %5.0f%%   %10.0f   %14.0f   %16.0f%%%n", name, rows.size(),
                100 * share(rows, r -> r.old >= 1 && r.old <= 2), 100 * share(rows, r -> r.prev >= 1 && r.prev <= 2),
                100 * share(rows, r -> r.prev >= 2), 100 * share(rows, r -> r.est >= 1 && r.est <= 2), 100 * share(rows, r -> r.est >= 2),
                median(rows.stream().mapToDouble(Row::est).toArray()), median(rows.stream().mapToDouble(Row::devices).toArray()),
                100 * share(rows, r -> r.low <= 1 && 1 <= r.high));
        if (!name.endsWith(" all")) {
            cover(name.substring(0, 5).strip(), rows);
        }
        if (name.startsWith("FIT") || name.endsWith(" all")) {
            interval(name.substring(0, 5).strip() + " singles", rows, 1);
        }
        dump(name, rows);
    }

    private static void overlay(String name, List<Session> sessions, int k) {
        Map<String, List<Session>> byDevice = sessions.stream().collect(Collectors.groupingBy(Session::device, TreeMap::new, Collectors.toList()));
        List<String> devs = new ArrayList<>(byDevice.keySet());
        if (devs.size() < k) {
            return;
        }
        Random rnd = new Random(1000L * k + name.hashCode());
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < COMBOS; c++) {
            java.util.Collections.shuffle(devs, rnd);
            List<Probe> all = new ArrayList<>();
            int present = 0;
            StringBuilder names = new StringBuilder();
            for (String d : devs.subList(0, k)) {
                List<Session> ss = byDevice.get(d);
                Session s = ss.get(rnd.nextInt(ss.size()));
                long shift = s.probes.get(0).t - (long) (rnd.nextDouble() * 30 * S);
                boolean heard = false;
                for (Probe p : s.probes) {
                    long t = p.t - shift;
                    if (t >= WINDOW) {
                        break;
                    }
                    all.add(new Probe(t, p.src, p.rssi, p.seq, p.fp));
                    heard = true;
                }
                if (heard) {
                    present++;
                    names.append(d).append(' ');
                }
            }
            all.sort(Comparator.comparingLong(Probe::t));
            Row row = eval(all, present, names.toString().strip());
            rows.add(row);
            if (System.getenv("WIFI_TRUTH_DEBUG") != null && Math.abs(row.est - row.truth) / row.truth > 0.4) {
                System.out.println("  K=" + k + " " + names + "devices=" + row.devices + " old=" + row.old + " new=" + row.est);
            }
        }
        double[] oldErr = rows.stream().mapToDouble(r -> Math.abs(r.old - r.truth) / r.truth).toArray();
        double[] newErr = rows.stream().mapToDouble(r -> Math.abs(r.est - r.truth) / r.truth).toArray();
        double[] prevErr = rows.stream().mapToDouble(r -> Math.abs(r.prev - r.truth) / r.truth).toArray();
        double[] devErr = rows.stream().mapToDouble(r -> Math.abs(r.devices - r.truth) / r.truth).toArray();
        System.out.printf("%s %2d  %7d  %9.0f   %12.0f%%  %7.0f%%   %12.0f%%  %7.0f%%  %3.0f%%   %12.0f%%  %7.0f%%  %3.0f%%   %14.0f%%  %16.0f%%%n", name, k, rows.size(),
                median(rows.stream().mapToDouble(Row::truth).toArray()), 100 * median(oldErr), 100 * max(oldErr),
                100 * median(prevErr), 100 * max(prevErr), 100 * share(rows, r -> Math.abs(r.prev - r.truth) / r.truth > 0.6),
                100 * median(newErr), 100 * max(newErr), 100 * share(rows, r -> Math.abs(r.est - r.truth) / r.truth > 0.6),
                100 * median(devErr), 100 * share(rows, r -> r.low <= r.truth && r.truth <= r.high));
        cover(name.strip(), rows);
        interval(name.strip() + " K=" + k, rows, 1);
        dump(name.strip() + " K=" + k, rows);
    }

    private static void classroom(Path dir) throws IOException {
        List<Path> days;
        try (Stream<Path> files = Files.list(dir)) {
            days = files.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        List<Row> fit = new ArrayList<>();
        List<Row> check = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            Path pcap = days.get(i);
            Map<Long, double[]> people = people(Path.of(pcap.toString().replace(".pcap", ".people.csv")));
            List<Probe> probes = read(pcap, false);
            for (Map.Entry<Long, List<Probe>> w : windows(probes).entrySet()) {
                double[] p = people.get(w.getKey());
                if (p == null || p[1] == 0) {
                    continue;
                }
                (i % 2 == 0 ? fit : check).add(eval(w.getValue(), p[0] / p[1], pcap.getFileName().toString().replace(".pcap", "")));
            }
        }
        System.out.printf("## Classroom (FIT: %d days, 1st, 3rd, … in date order; CHECK: the other %d; 5-minute windows; people = mean of the minutes)%n",
                (days.size() + 1) / 2, days.size() / 2);
        double fOld = factor(fit, Row::old);
        double fNew = factor(fit, Row::est);
        double fPrev = factor(fit, Row::prev);
        double fDev = factor(fit, Row::devices);
        System.out.printf("phones-per-person factor fitted on FIT windows with >= 5 people: devices %.2f, old %.2f, #10 %.2f, new %.2f%n", fDev, fOld, fPrev, fNew);
        System.out.println("set     windows>=5   devices med|err|   old med|err|   #10 med|err|   new med|err|   #10 p90|err|   new p90|err|   (interval vs people x factor: not a target)");
        for (var e : List.of(Map.entry("FIT  ", fit), Map.entry("CHECK", check))) {
            List<Row> rows = e.getValue().stream().filter(r -> r.truth >= 5).toList();
            double[] nErr = err(rows, Row::est, fNew);
            double[] pErr = err(rows, Row::prev, fPrev);
            System.out.printf("%s   %10d   %15.0f%%   %11.0f%%   %11.0f%%   %11.0f%%   %11.0f%%   %11.0f%%   %16.0f%%%n", e.getKey(), rows.size(),
                    100 * median(err(rows, Row::devices, fDev)), 100 * median(err(rows, Row::old, fOld)), 100 * median(pErr), 100 * median(nErr),
                    100 * quantile(pErr, 0.9), 100 * quantile(nErr, 0.9), 100 * share(rows, r -> r.low <= r.truth * fNew && r.truth * fNew <= r.high));
            dump("classroom " + e.getKey().strip(), rows);
            interval(e.getKey().strip() + " classroom >=5 people", rows, fNew);
        }
        System.out.println();
        printIntervals();
    }

    /** Median of figure / people over windows with at least 5 people. */
    private static double factor(List<Row> rows, java.util.function.ToIntFunction<Row> f) {
        return median(rows.stream().filter(r -> r.truth >= 5).mapToDouble(r -> f.applyAsInt(r) / r.truth).toArray());
    }

    private static double[] err(List<Row> rows, java.util.function.ToIntFunction<Row> f, double factor) {
        return rows.stream().mapToDouble(r -> Math.abs(f.applyAsInt(r) / factor - r.truth) / r.truth).toArray();
    }

    /** Rows for the interval fit, when WIFI_TRUTH_DUMP names a file. */
    private static void dump(String set, List<Row> rows) {
        String file = System.getenv("WIFI_TRUTH_DUMP");
        if (file == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            sb.append(set).append('\t').append(r.truth).append('\t').append(r.devices).append('\t').append(r.old).append('\t')
                    .append(r.est).append('\t').append(r.low).append('\t').append(r.high).append('\t').append(r.universal)
                    .append('\t').append(r.devs).append('\t').append(r.prev);
            for (int c : r.cand) {
                sb.append('\t').append(c);
            }
            sb.append('\n');
        }
        try {
            Files.writeString(Path.of(file), sb, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- data ----

    private static final Pattern CAGLIARI = Pattern.compile("([A-Z])-ts-(.*)-ch-(\\d+)-th-\\d+\\.pcap");

    static List<Session> cagliari(Path dir) throws IOException {
        Map<String, List<Probe>> sessions = new TreeMap<>();
        Map<String, String> device = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".pcap")).sorted().toList()) {
                Matcher m = CAGLIARI.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                String key = m.group(1) + "/" + m.group(2);
                device.put(key, m.group(1));
                sessions.computeIfAbsent(key, k -> new ArrayList<>()).addAll(read(p, false));
            }
        }
        List<Session> out = new ArrayList<>();
        sessions.forEach((k, v) -> {
            if (!v.isEmpty()) {
                v.sort(Comparator.comparingLong(Probe::t));
                out.add(new Session(device.get(k), v));
            }
        });
        return out;
    }

    static List<Session> probingPatterns(Path dir) throws IOException {
        List<Session> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".pcap")).sorted().toList()) {
                List<Probe> v = read(p, true);
                v.sort(Comparator.comparingLong(Probe::t));
                out.add(new Session(p.getFileName().toString().replace(".pcap", ""), v));
            }
        }
        return out;
    }

    static List<Probe> read(Path file, boolean assumeRandomized) throws IOException {
        List<Probe> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            PcapReader.open(in).readAll((ts, src, rssi, seq, fp, retry) -> out.add(
                    new Probe(ts, assumeRandomized ? (src | 0x02L << 40) & ~(0x01L << 40) : src, rssi, seq, fp)));
        }
        return out;
    }

    /** Window start (epoch millis) to that window's probes, cut as a node would. */
    static Map<Long, List<Probe>> windows(List<Probe> probes) {
        Map<Long, List<Probe>> out = new TreeMap<>();
        for (Probe p : probes) {
            out.computeIfAbsent(Math.floorDiv(p.t, WINDOW) * (WINDOW / 1_000_000L), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /** Window start (epoch millis) to {sum of people, minutes}. */
    static Map<Long, double[]> people(Path csv) throws IOException {
        Map<Long, double[]> out = new HashMap<>();
        for (String line : Files.readAllLines(csv)) {
            if (line.startsWith("minute")) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length < 2 || !f[1].matches("\\d+(\\.\\d+)?")) {
                continue; // a minute without a people count
            }
            long start = Math.floorDiv(Instant.parse(f[0]).toEpochMilli(), WINDOW / 1_000_000L) * (WINDOW / 1_000_000L);
            double[] acc = out.computeIfAbsent(start, k -> new double[2]);
            acc[0] += Double.parseDouble(f[1]);
            acc[1]++;
        }
        return out;
    }

    // ---- statistics ----

    static double share(List<Row> rows, Predicate<Row> p) {
        return rows.isEmpty() ? 0 : rows.stream().filter(p).count() / (double) rows.size();
    }

    static double median(double[] v) {
        return quantile(v, 0.5);
    }

    static double quantile(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}

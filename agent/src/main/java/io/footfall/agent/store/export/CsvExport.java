package io.footfall.agent.store.export;

import io.footfall.agent.counts.Coverage;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Text;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stored windows as CSV (RFC 4180, every text cell through {@link Text#csvCell}): one row per node
 * and window, or totals per node and day, ISO week (Monday first) or calendar month in a time zone.
 *
 * <p>Totals sum the beam counts: a person crossing twice counts twice, as in every window. Wi-Fi
 * cannot be summed (a phone seen in two windows is one phone, and the node keeps no identity across
 * windows by design: docs/PRIVACY.md), so a total row gives {@code wifi_peak_estimate}, the largest
 * window estimate in the period: a lower bound of the distinct phones in it, not a count. A merged
 * (coarsened) message counts in the period its start falls in.
 *
 * <p>Coverage (docs/MQTT.md, "Coverage") rides along: a window row gives {@code coverage_counting},
 * {@code coverage_of} and {@code wifi_capturing} in seconds and the Wi-Fi estimate's 80% interval;
 * a total row sums counting and of over the windows that published them, so
 * {@code coverage_counting / coverage_of} is the share of the period watched, and counts in
 * {@code windows_coverage_unknown} the windows from nodes older than coverage, which are in neither
 * sum (unknown is not "watched throughout"). Unknown is an empty cell, never a guess.
 */
public final class CsvExport {
    public static final String WINDOW_HEADER = "site,node,stream,seq,seq_last,merged,window_start,window_end,clock_synced,beam_in,beam_out,"
            + "wifi_estimated,wifi_devices,wifi_suppressed,coverage_counting,coverage_of,wifi_capturing,wifi_estimated_low,wifi_estimated_high";
    public static final String TOTALS_HEADER = "site,node,period,period_start,windows,beam_in,beam_out,wifi_peak_estimate,"
            + "coverage_counting,coverage_of,windows_coverage_unknown";

    /** A period of totals. */
    public enum Period { DAY, WEEK, MONTH }

    private CsvExport() {}

    public static String row(ReceivedWindow w) {
        int merged = w.merged();
        String wifi = w.wifi().map(x -> x.suppressed() ? ",," + true : x.estimated() + "," + x.devices() + "," + false).orElse(",,");
        Optional<Coverage> c = w.coverage();
        String coverage = c.map(x -> x.counting() + "," + x.of()).orElse(",") + ","
                + c.flatMap(Coverage::wifi).map(x -> Long.toString(x.capturing())).orElse("");
        String interval = w.wifi().filter(x -> !x.suppressed()).map(x -> x.estimatedLow() + "," + x.estimatedHigh()).orElse(",");
        return String.join(",", Text.csvCell(w.site()), Text.csvCell(w.node()), Text.csvCell(w.stream()), Long.toString(w.seq()),
                Long.toString(w.seqLast()), String.valueOf(merged), w.start().toString(), w.end().toString(), Boolean.toString(w.clockSynced()),
                Integer.toString(w.beamIn()), Integer.toString(w.beamOut()), wifi, coverage, interval);
    }

    /** Accumulates windows into totals per site, node and period; {@link #rows()} in that order. */
    public static final class Totals {
        private final Period period;
        private final ZoneId zone;
        private final Map<String, long[]> sums = new TreeMap<>();

        public Totals(Period period, ZoneId zone) {
            this.period = period;
            this.zone = zone;
        }

        public void add(ReceivedWindow w) {
            LocalDate start = periodStart(w.start());
            long[] s = sums.computeIfAbsent(Text.csvCell(w.site()) + "," + Text.csvCell(w.node()) + "," + start, k -> new long[] {0, 0, 0, -1, 0, 0, 0});
            s[0]++;
            s[1] += w.beamIn();
            s[2] += w.beamOut();
            w.wifi().filter(x -> !x.suppressed()).ifPresent(x -> s[3] = Math.max(s[3], x.estimated()));
            Optional<Coverage> c = w.coverage();
            if (c.isPresent()) {
                s[4] += c.get().counting();
                s[5] += c.get().of();
            } else {
                s[6]++;
            }
        }

        LocalDate periodStart(Instant t) {
            LocalDate d = t.atZone(zone).toLocalDate();
            return switch (period) {
                case DAY -> d;
                case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> d.withDayOfMonth(1);
            };
        }

        public List<String> rows() {
            List<String> out = new ArrayList<>();
            String p = period.name().toLowerCase(Locale.ROOT);
            sums.forEach((key, s) -> {
                int c1 = key.indexOf(',');
                int c2 = key.indexOf(',', c1 + 1);
                String start = key.substring(c2 + 1);
                out.add(key.substring(0, c2) + "," + p + "," + start + "," + s[0] + "," + s[1] + "," + s[2] + "," + (s[3] < 0 ? "" : s[3])
                        // no window with coverage in the period: unknown, empty, not 0 of 0
                        + "," + (s[6] == s[0] ? "," : s[4] + "," + s[5]) + "," + s[6]);
            });
            return out;
        }
    }
}

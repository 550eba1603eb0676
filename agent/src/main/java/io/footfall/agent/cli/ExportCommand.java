package io.footfall.agent.cli;

import io.footfall.agent.store.CountsStore;
import io.footfall.agent.store.StoreUrl;
import io.footfall.agent.store.export.CsvExport;
import io.footfall.agent.store.export.Exporter;
import io.footfall.hal.ConfigException;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code footfall export}: what a {@code receive --store} database holds, in the city's standard
 * models, to standard output: CSV (per window, or daily/weekly/monthly totals), FIWARE
 * {@code CrowdFlowObserved} (NGSI-LD normalized or keyValues) or OGC SensorThings entities, one JSON
 * document per line for the JSON formats.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export stored windows: --format csv (one row per node and window; --totals day|week|month for sums),",
            "crowdflow (FIWARE CrowdFlowObserved, NGSI-LD normalized), crowdflow-keyvalues, or sensorthings (OGC SensorThings",
            "Things with Datastreams, then Observations), device or device-keyvalues (FIWARE Device per node, from its last",
            "health snapshot). JSON formats: one document per line. Exit 0, 1 on error, 78 bad option."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "as for receive --store: a SQLite file, postgresql://…, or a jdbc: URL")
    String store;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv, crowdflow, crowdflow-keyvalues, sensorthings, device or device-keyvalues")
    String format;

    @Option(names = "--from", paramLabel = "TIME", description = "windows starting at or after: 2026-11-22T00:00:00Z or 2026-11-22 (midnight in --zone)")
    Optional<String> from;

    @Option(names = "--to", paramLabel = "TIME", description = "windows starting before this time")
    Optional<String> to;

    @Option(names = "--totals", paramLabel = "PERIOD", description = "csv only: day, week (ISO, Monday first) or month totals per node")
    Optional<String> totals;

    @Option(names = "--zone", defaultValue = "UTC", paramLabel = "ZONE", description = "time zone of dates and of totals' periods (default: ${DEFAULT-VALUE})")
    String zone;

    @Override
    public Integer call() {
        ZoneId z;
        try {
            z = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigException("zone", zone, "a time zone such as UTC or Europe/Brussels");
        }
        Optional<Instant> f = from.map(v -> time("from", v, z));
        Optional<Instant> t = to.map(v -> time("to", v, z));
        Exporter.Format fmt = Exporter.Format.of(format)
                .orElseThrow(() -> new ConfigException("format", format, "csv, crowdflow, crowdflow-keyvalues, sensorthings, device or device-keyvalues"));
        Optional<CsvExport.Period> period = totals.map(p -> {
            try {
                return CsvExport.Period.valueOf(p.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("totals", p, "day, week or month");
            }
        });
        if (period.isPresent() && fmt != Exporter.Format.CSV) {
            throw new ConfigException("totals", totals.get(), "only with --format csv");
        }
        StoreUrl url = StoreUrl.parse(store);
        PrintWriter out = spec.commandLine().getOut();
        try (CountsStore s = CountsStore.open(url)) {
            long n = Exporter.write(s, fmt, f, t, period, z, out);
            spec.commandLine().getErr().println(n + " windows exported from " + url);
            spec.commandLine().getErr().flush();
            return 0;
        }
    }

    static Instant time(String key, String value, ZoneId zone) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new ConfigException(key, value, "an ISO 8601 time with offset (2026-11-22T10:00:00Z) or a date (2026-11-22)");
        }
    }
}

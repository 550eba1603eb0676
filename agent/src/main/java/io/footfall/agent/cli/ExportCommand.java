package io.footfall.agent.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.store.CountsStore;
import io.footfall.agent.store.StoreUrl;
import io.footfall.agent.store.export.CrowdFlow;
import io.footfall.agent.store.export.CsvExport;
import io.footfall.agent.store.export.SensorThings;
import io.footfall.hal.ConfigException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
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
            "Things with Datastreams, then Observations). JSON formats: one document per line. Exit 0, 1 on error, 78 bad option."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "as for receive --store: a SQLite file, postgresql://…, or a jdbc: URL")
    String store;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv, crowdflow, crowdflow-keyvalues or sensorthings")
    String format;

    @Option(names = "--from", paramLabel = "TIME", description = "windows starting at or after: 2026-11-22T00:00:00Z or 2026-11-22 (midnight in --zone)")
    Optional<String> from;

    @Option(names = "--to", paramLabel = "TIME", description = "windows starting before this time")
    Optional<String> to;

    @Option(names = "--totals", paramLabel = "PERIOD", description = "csv only: day, week (ISO, Monday first) or month totals per node")
    Optional<String> totals;

    @Option(names = "--zone", defaultValue = "UTC", paramLabel = "ZONE", description = "time zone of dates and of totals' periods (default: ${DEFAULT-VALUE})")
    String zone;

    /** Non-ASCII escaped: what a terminal or a pipe receives is plain ASCII JSON. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

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
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!Set.of("csv", "crowdflow", "crowdflow-keyvalues", "sensorthings").contains(fmt)) {
            throw new ConfigException("format", format, "csv, crowdflow, crowdflow-keyvalues or sensorthings");
        }
        Optional<CsvExport.Period> period = totals.map(p -> {
            try {
                return CsvExport.Period.valueOf(p.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("totals", p, "day, week or month");
            }
        });
        if (period.isPresent() && !fmt.equals("csv")) {
            throw new ConfigException("totals", totals.get(), "only with --format csv");
        }
        StoreUrl url = StoreUrl.parse(store);
        PrintWriter out = spec.commandLine().getOut();
        try (CountsStore s = CountsStore.open(url)) {
            long[] n = {0};
            Consumer<ReceivedWindow> each = switch (fmt) {
                case "csv" -> period.isPresent() ? null : w -> out.println(CsvExport.row(w));
                case "crowdflow" -> w -> out.println(json(CrowdFlow.normalized(w)));
                case "crowdflow-keyvalues" -> w -> out.println(json(CrowdFlow.keyValues(w)));
                default -> sensorThings(out);
            };
            if (fmt.equals("csv")) {
                out.println(period.isPresent() ? CsvExport.TOTALS_HEADER : CsvExport.WINDOW_HEADER);
            }
            if (period.isPresent()) {
                CsvExport.Totals sums = new CsvExport.Totals(period.get(), z);
                s.windows(f, t, w -> {
                    sums.add(w);
                    n[0]++;
                });
                sums.rows().forEach(out::println);
            } else {
                s.windows(f, t, w -> {
                    each.accept(w);
                    n[0]++;
                });
            }
            out.flush();
            spec.commandLine().getErr().println(n[0] + " windows exported from " + url);
            spec.commandLine().getErr().flush();
            return 0;
        }
    }

    private static Consumer<ReceivedWindow> sensorThings(PrintWriter out) {
        Set<String> things = new HashSet<>();
        return w -> {
            if (things.add(SensorThings.thingId(w))) {
                out.println(json(SensorThings.thing(w)));
            }
            SensorThings.observations(w).forEach(o -> out.println(json(o)));
        };
    }

    static Instant time(String key, String value, ZoneId zone) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant()
                    : java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new ConfigException(key, value, "an ISO 8601 time with offset (2026-11-22T10:00:00Z) or a date (2026-11-22)");
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

}

package io.footfall.agent.store.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.store.CountsStore;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Writes a store's windows in one export format; shared by {@code footfall export} and the web page's export links. */
public final class Exporter {
    /** The formats, by the name {@code --format} takes. */
    public enum Format {
        CSV("text/csv"), CROWDFLOW("application/ld+json"), CROWDFLOW_KEYVALUES("application/ld+json"), SENSORTHINGS("application/json"),
        DEVICE("application/ld+json"), DEVICE_KEYVALUES("application/ld+json");

        public final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String optionName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Format> of(String name) {
            for (Format f : values()) {
                if (f.optionName().equals(name.toLowerCase(Locale.ROOT))) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** Non-ASCII escaped: what a terminal or a pipe receives is plain ASCII JSON. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private Exporter() {}

    /**
     * @param totals CSV only: totals per period instead of a row per window
     * @return how many windows were exported (device formats: how many nodes, whatever {@code from}
     *     and {@code to}: each node's last health snapshot)
     */
    public static long write(CountsStore store, Format format, Optional<Instant> from, Optional<Instant> to,
            Optional<CsvExport.Period> totals, ZoneId zone, PrintWriter out) {
        Objects.requireNonNull(out);
        if (totals.isPresent() && format != Format.CSV) {
            throw new IllegalArgumentException("totals only with csv");
        }
        long[] n = {0};
        if (format == Format.DEVICE || format == Format.DEVICE_KEYVALUES) {
            store.health(h -> {
                out.println(json(format == Format.DEVICE ? Device.normalized(h) : Device.keyValues(h)));
                n[0]++;
            });
            out.flush();
            return n[0];
        }
        if (format == Format.CSV) {
            out.println(totals.isPresent() ? CsvExport.TOTALS_HEADER : CsvExport.WINDOW_HEADER);
        }
        if (totals.isPresent()) {
            CsvExport.Totals sums = new CsvExport.Totals(totals.get(), zone);
            store.windows(from, to, w -> {
                sums.add(w);
                n[0]++;
            });
            sums.rows().forEach(out::println);
        } else {
            Consumer<ReceivedWindow> each = switch (format) {
                case CSV -> w -> out.println(CsvExport.row(w));
                case CROWDFLOW -> w -> out.println(json(CrowdFlow.normalized(w)));
                case CROWDFLOW_KEYVALUES -> w -> out.println(json(CrowdFlow.keyValues(w)));
                case SENSORTHINGS -> sensorThings(out);
                case DEVICE, DEVICE_KEYVALUES -> throw new IllegalStateException("exported above");
            };
            store.windows(from, to, w -> {
                each.accept(w);
                n[0]++;
            });
        }
        out.flush();
        return n[0];
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

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

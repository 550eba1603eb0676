package io.footfall.sim.cli;

import io.footfall.agent.beam.BeamTrace;
import io.footfall.agent.cli.spi.OptionMap;
import io.footfall.hal.ConfigException;
import io.footfall.hal.beam.PassageSpec;
import io.footfall.sim.GroundTruth.TrueCrossing;
import io.footfall.sim.TrafficProfile;
import io.footfall.sim.beam.Crowd;
import io.footfall.sim.beam.CrowdSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongToDoubleFunction;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code footfall sim beam}: writes a simulated beam trace and its ground truth, as fast as it can
 * (no real-time waiting). The truth file has lines {@code t_ns,passage,direction}, {@code t_ns}
 * being the end of that person's last occlusion and {@code direction} {@code in} or {@code out}.
 */
@Command(name = "beam", mixinStandardHelpOptions = true,
        description = "Write a simulated beam trace (t_ns,passage,beam,state) and its ground truth (t_ns,passage,direction).")
public final class SimBeamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--hours", defaultValue = "1", description = "simulated hours (default 1)")
    double hours;

    @ArgGroup(exclusive = true)
    Rate rate = new Rate();

    static final class Rate {
        @Option(names = "--rate", paramLabel = "N", description = "people per hour per passage, constant (default 600)")
        double perHour = -1;

        @Option(names = "--peak", paramLabel = "N", description = "people per hour at the busiest hour of the Leeds weekly shape, from --start")
        double peak = -1;
    }

    @Option(names = "--start", defaultValue = "2016-10-22T08:00:00Z",
            description = "wall time where the Leeds shape starts, for --peak (default a Saturday, 08:00 UTC)")
    Instant start;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--noise", defaultValue = "1", description = "sensor noise: 0 clean, 1 a typical outdoor door (default), up to 5")
    String noise;

    @Option(names = "--width", defaultValue = "0.6", paramLabel = "METRES", description = "passage width in 0.6 m lanes: 0.6 single file (default), 1.2 two lanes")
    String width;

    @Option(names = "--spacing", defaultValue = "0.10", paramLabel = "METRES", description = "beam A to beam B (default 0.10)")
    String spacing;

    @Option(names = "--groups", defaultValue = "0", description = "share of arrivals walking side by side in groups of 2-4 (default 0)")
    String groups;

    @Option(names = "--aborts", defaultValue = "0.02", description = "share of arrivals stepping in and back (default 0.02)")
    String aborts;

    @Option(names = "--headway", defaultValue = "0.2", paramLabel = "METRES", description = "least gap behind the person ahead (default 0.2)")
    String headway;

    @Option(names = "--passage", paramLabel = "NAME", description = "passage name, repeatable (default door-1)")
    List<String> passages = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the trace to write")
    Path out;

    @Option(names = "--truth", required = true, paramLabel = "FILE", description = "the ground truth to write")
    Path truth;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        // a FootfallException leaves through the central handler in Footfall: 78 for refused configuration
        CrowdSettings crowd = CrowdSettings.fromOptions(new OptionMap()
                .put("sim-noise", noise)
                .put("sim-width", width)
                .put("sim-spacing", spacing)
                .put("sim-groups", groups)
                .put("sim-aborts", aborts)
                .put("sim-headway", headway)
                .toMap());
        List<String> names = passages.isEmpty() ? List.of("door-1") : passages;
        for (String n : names) {
            try {
                new PassageSpec(n, 0, 1);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("passage", n, "1-32 letters, digits, '.', '_' or '-'");
            }
        }
        if (!(hours > 0 && hours <= 24 * 31)) {
            throw new ConfigException("hours", Double.toString(hours), "more than 0, at most 744");
        }
        LongToDoubleFunction perHour;
        if (rate.peak >= 0) {
            TrafficProfile leeds = TrafficProfile.leeds(rate.peak);
            long startMillis = start.toEpochMilli();
            perHour = t -> leeds.perHourAt(startMillis + t / 1_000_000L);
        } else {
            double flat = rate.perHour >= 0 ? rate.perHour : 600;
            perHour = t -> flat;
        }
        int[] counts = new int[3];
        try (BeamTrace.TraceWriter w = new BeamTrace.TraceWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
                BufferedWriter t = Files.newBufferedWriter(truth, StandardCharsets.UTF_8)) {
            t.write("t_ns,passage,direction\n");
            Crowd.generate(names, crowd, perHour, seed, 0, (long) (hours * 3600e9), e -> {
                w.edge(e);
                counts[0]++;
            }, c -> {
                write(t, c);
                counts[c.in() ? 1 : 2]++;
            });
        }
        err.printf("footfall sim beam: %d edges to %s; %d crossings (%d in, %d out) to %s%n",
                counts[0], out, counts[1] + counts[2], counts[1], counts[2], truth);
        return 0;
    }

    private static void write(BufferedWriter t, TrueCrossing c) {
        try {
            t.write(c.tNanos() + "," + c.passage() + "," + (c.in() ? "in" : "out") + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

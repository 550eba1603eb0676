package io.footfall.agent.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.beam.BeamReplay;
import io.footfall.agent.beam.BeamTrace;
import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.cli.spi.OptionMap;
import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.hal.ConfigException;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.beam.PassageSpec;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.spi.HalProvider;
import io.footfall.hal.spi.HalSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code footfall beam record FILE | replay FILE [--json]}: raw edge traces and offline decoding. */
@Command(name = "beam", mixinStandardHelpOptions = true,
        description = "Raw beam edge traces: record them from the GPIO beams, decode them offline.",
        subcommands = {BeamCommand.Record.class, BeamCommand.Replay.class})
public final class BeamCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose a subcommand: record or replay");
    }

    /** Decoder timings as options, with the same names as the config keys. */
    static final class DecoderOptions {
        @Option(names = "--beam-debounce", paramLabel = "DURATION", description = "ignore levels shorter than this (default 30ms)")
        String debounce;

        @Option(names = "--beam-min-break", paramLabel = "DURATION", description = "ignore breaks shorter than this (default 40ms)")
        String minBreak;

        @Option(names = "--beam-max-transit", paramLabel = "DURATION", description = "default 3s")
        String maxTransit;

        @Option(names = "--beam-max-gap", paramLabel = "DURATION", description = "default 250ms")
        String maxGap;

        @Option(names = "--beam-blocked-after", paramLabel = "DURATION", description = "default 10s")
        String blockedAfter;

        @Option(names = "--beam-spacing", paramLabel = "METRES", description = "beam A to beam B (default 0.10)")
        String spacing;

        @Option(names = "--beam-split-depth", paramLabel = "METRES", description = "count a deeper occlusion as two people; 0 off (default)")
        String splitDepth;

        DecoderSettings settings() {
            return DecoderSettings.fromOptions(new OptionMap()
                    .put("beam-debounce", debounce)
                    .put("beam-min-break", minBreak)
                    .put("beam-max-transit", maxTransit)
                    .put("beam-max-gap", maxGap)
                    .put("beam-blocked-after", blockedAfter)
                    .put("beam-spacing", spacing)
                    .put("beam-split-depth", splitDepth)
                    .toMap());
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Decode a trace offline and print what it counts. Exit 1 on a bad line, naming it.")
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "a trace t_ns,passage,beam,state; - for stdin")
        String file;

        @Option(names = "--json", description = "print the counts as the counts message's beam object")
        boolean json;

        @picocli.CommandLine.Mixin
        DecoderOptions decoder = new DecoderOptions();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            BeamCounts counts;
            try {
                BeamReplay replay = new BeamReplay(decoder.settings());
                try (BufferedReader in = file.equals("-")
                        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                    BeamTrace.read(in, file, replay::edge);
                }
                counts = replay.finish();
            } catch (NoSuchFileException e) {
                err.println("footfall beam replay: no such file: " + file);
                return 1;
            }
            if (json) {
                out.println(JSON.std.asString(Map.of("beam", CountsJson.beam(counts))));
            } else {
                out.printf("beam.in  %d%nbeam.out %d%n", counts.in(), counts.out());
                for (BeamCounts.PassageCounts p : counts.passages()) {
                    out.printf("%s in %d out %d%s%n", p.name(), p.in(), p.out(), p.blocked() ? " blocked" : "");
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Write raw edges from the beams to FILE until Ctrl-C (or --duration).")
    static final class Record implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the trace to write; - for stdout")
        String file;

        @Option(names = "--passage", paramLabel = "NAME=PIN_A,PIN_B", required = true,
                description = "a passage and its beams' BCM pins, A outside; repeatable")
        List<String> passages = new ArrayList<>();

        @Option(names = "--hal", defaultValue = "pi", description = "pi (default) or sim")
        String hal;

        @Option(names = "--gpio-pull", description = "up (default), down or off")
        String pull;

        @Option(names = "--gpio-active", description = "level of a broken beam: low (default) or high")
        String active;

        @Option(names = "--gpio-debounce", paramLabel = "MICROS", description = "Pi4J debounce, default 0")
        String debounce;

        @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, description = "stop after this long, e.g. 10m; default: until Ctrl-C")
        Duration duration;

        @Override
        public Integer call() throws Exception {
            List<PassageSpec> specs = new ArrayList<>();
            for (String p : passages) {
                try {
                    specs.add(PassageSpec.parse(p));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("passage", p, e.getMessage() + "; e.g. door-1=17,27");
                }
            }
            Map<String, String> options = new OptionMap()
                    .put("gpio-pull", pull)
                    .put("gpio-active", active)
                    .put("gpio-debounce", debounce)
                    .toMap();
            HalProvider provider = ServiceLoader.load(HalProvider.class).stream()
                    .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(hal)).findFirst()
                    .orElseThrow(() -> new ConfigException("hal", hal, "pi or sim"));
            HalSettings settings = new HalSettings(specs,
                    new HalSettings.WifiSettings(false, "none", List.of(), Duration.ofSeconds(1), "", Duration.ofMinutes(1)),
                    Path.of(System.getProperty("java.io.tmpdir")), 0, options);
            // a FootfallException leaves through the central handler in Footfall: 78 for refused configuration
            return record(provider, settings);
        }

        private int record(HalProvider provider, HalSettings settings) throws IOException, InterruptedException {
            BlockingQueue<BeamEdge> queue = new LinkedBlockingQueue<>();
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    done.await(3, TimeUnit.SECONDS); // let the file be completed before the JVM exits
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "beam-record-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            boolean stdout = file.equals("-");
            long written = 0;
            try (Hal h = provider.open(settings);
                    BeamTrace.TraceWriter w = new BeamTrace.TraceWriter(stdout
                            ? spec.commandLine().getOut()
                            : Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8))) {
                h.beams().start(queue::add);
                long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
                while (stop.getCount() > 0 && System.nanoTime() < deadline) {
                    BeamEdge e = queue.poll(100, TimeUnit.MILLISECONDS);
                    for (; e != null; e = queue.poll()) {
                        w.edge(e);
                        written++;
                    }
                    w.flush();
                }
                h.beams().close();
                for (BeamEdge e = queue.poll(); e != null; e = queue.poll()) {
                    w.edge(e);
                    written++;
                }
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the JVM is exiting, the file is closed above
                }
            }
            if (!stdout) {
                spec.commandLine().getErr().println("footfall beam record: " + written + " edges written to " + file);
            }
            return 0;
        }
    }
}

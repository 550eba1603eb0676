package io.footfall.agent.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.agent.privacy.WifiWindow;
import io.footfall.agent.window.WindowClock;
import io.footfall.hal.ConfigException;
import io.footfall.hal.HalException;
import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.hal.wifi.pcap.LinkType;
import io.footfall.hal.wifi.pcap.LongHashSet;
import io.footfall.hal.wifi.pcap.PcapFormatException;
import io.footfall.hal.wifi.pcap.PcapReader;
import io.footfall.hal.wifi.pcap.ProbeSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code footfall pcap count FILE|- [--json] [--rssi-min DBM] [--window 5m [--wifi-k N]]
 * [--assume-randomized]}: what one window would publish for a capture or, with {@code --window}, what
 * a node would have published for each of its windows (through the live {@link WifiWindow}). Exit 0 when counted, 1 when the file cannot be read or is not a capture, 2 on a usage
 * error. Addresses are held in memory only to count them and are never printed.
 */
@Command(name = "pcap", description = "Work with Wi-Fi captures (pcap or pcapng).", mixinStandardHelpOptions = true,
        subcommands = {PcapCommand.Count.class})
public final class PcapCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: count");
    }

    @Command(name = "count", mixinStandardHelpOptions = true,
            description = {"Count frames, probe requests and distinct devices in a capture, as one window would publish them.",
                "Radiotap (127), PPI (192) and plain 802.11 (105); '-' reads standard input."})
    public static final class Count implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE|-", description = "the capture, or - for standard input")
        String file;

        @Option(names = "--json", description = "print a JSON object with the counts message's field names")
        boolean json;

        @Option(names = "--rssi-min", paramLabel = "DBM",
                description = "count only devices heard at or above this signal (frames without signal do not pass)")
        Optional<Integer> rssiMin = Optional.empty();

        @Option(names = "--window", paramLabel = "DURATION", converter = DurationConverter.class,
                description = {"cut the capture into windows of this length on its own timestamps, aligned like a node's "
                        + "(starts are whole multiples since the epoch), and print one JSON line per window with the "
                        + "Wi-Fi figures a node would publish: devices, estimated phones and interval, dwell, suppression",
                    "without it the whole file is one window and only devices are counted"})
        Optional<Duration> window = Optional.empty();

        @Option(names = "--wifi-k", paramLabel = "N",
                description = "with --window: suppress windows whose estimate is below N, as wifi-k does on a node; default "
                        + PrivacySettings.DEFAULT_K)
        Optional<Integer> wifiK = Optional.empty();

        @Option(names = "--assume-randomized",
                description = "treat every source address as locally administered (randomised): a study aid for captures "
                        + "whose anonymiser replaced addresses with random bytes; a node never does this")
        boolean assumeRandomized;

        @Override
        public Integer call() throws IOException {
            if (rssiMin.isPresent() && (rssiMin.get() < -128 || rssiMin.get() > 127)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "invalid value for '--rssi-min': '" + rssiMin.get() + "' (a signal in dBm, -128 to 127)");
            }
            if (window.isPresent()) {
                return windowed();
            }
            if (wifiK.isPresent()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "'--wifi-k' needs '--window'");
            }
            PrintWriter err = spec.commandLine().getErr();
            DeviceCounter counter = new DeviceCounter(rssiMin.orElse(ProbeRequest.NO_RSSI), assumeRandomized);
            Optional<PcapReader> read = readCapture(err, reader -> reader.readAll(counter));
            if (read.isEmpty()) {
                return 1;
            }
            PcapReader reader = read.get();
            Map<String, Object> wifi = new LinkedHashMap<>();
            wifi.put("devices", counter.devices.size());
            wifi.put("universal", counter.devices.size() - counter.randomized);
            wifi.put("randomized", counter.randomized);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("frames", reader.frames());
            out.put("probeRequests", reader.probeRequests());
            out.put("malformed", reader.malformed());
            out.put("wifi", wifi);
            PrintWriter pw = spec.commandLine().getOut();
            if (json) {
                pw.println(JSON.std.asString(out));
            } else {
                pw.printf("frames           %d%n", reader.frames());
                pw.printf("probeRequests    %d%n", reader.probeRequests());
                pw.printf("malformed        %d%n", reader.malformed());
                pw.printf("wifi.devices     %d%n", counter.devices.size());
                pw.printf("wifi.universal   %d%n", counter.devices.size() - counter.randomized);
                pw.printf("wifi.randomized  %d%n", counter.randomized);
            }
            pw.flush();
            return 0;
        }

        /** One JSON line per window, through the same {@link WifiWindow} a node counts with. */
        private int windowed() throws IOException {
            if (window.get().toMillis() < 1000 || window.get().toMillis() % 1000 != 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "invalid value for '--window': '" + window.get() + "' (whole seconds, at least 1s)");
            }
            PrivacySettings settings;
            try {
                settings = new PrivacySettings(rssiMin.map(OptionalInt::of).orElse(OptionalInt.empty()),
                        wifiK.orElse(PrivacySettings.DEFAULT_K), OptionalDouble.empty());
            } catch (ConfigException e) {
                String option = "wifi-k".equals(e.key()) ? "--wifi-k" : "--rssi-min";
                throw new CommandLine.ParameterException(spec.commandLine(),
                        e.getMessage().replace("'" + e.key() + "'", "'" + option + "'"));
            }
            PrintWriter pw = spec.commandLine().getOut();
            try {
                return readCapture(spec.commandLine().getErr(), reader -> {
                    WindowedCount counter = new WindowedCount(reader, new WindowClock(window.get()), settings, assumeRandomized,
                            tree -> pw.println(new String(CountsJson.write(tree), StandardCharsets.UTF_8)));
                    reader.readAll(counter);
                    counter.finish();
                }).isPresent() ? 0 : 1;
            } finally {
                pw.flush();
            }
        }

        /** What a command does with an opened capture. */
        @FunctionalInterface
        private interface CaptureUse {
            void accept(PcapReader reader) throws IOException;
        }

        /**
         * Opens FILE ({@code -} for stdin), notes a link type that carries no 802.11 frames, and hands the
         * reader to {@code use}; returns the reader read to its end, or nothing, with the reason on
         * {@code err}, when FILE is no capture or cannot be read.
         */
        private Optional<PcapReader> readCapture(PrintWriter err, CaptureUse use) {
            try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
                PcapReader reader = PcapReader.open(in);
                if (!LinkType.supported(reader.linkType()) && reader.linkType() != -1) {
                    err.println("note: link type " + reader.linkType() + " carries no 802.11 frames this parser reads");
                }
                use.accept(reader);
                return Optional.of(reader);
            } catch (PcapFormatException e) {
                err.println("footfall pcap count: " + file + " is not a capture: " + e.getMessage());
            } catch (IOException | HalException e) {
                err.println("footfall pcap count: cannot read " + file + ": " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** Distinct sources of probe requests at or above a signal floor; split by the locally-administered bit. */
    static final class DeviceCounter implements ProbeSink {
        final LongHashSet devices = new LongHashSet(1024);
        final int rssiMin;
        final boolean assumeRandomized;
        long randomized;

        DeviceCounter(int rssiMin, boolean assumeRandomized) {
            this.rssiMin = rssiMin;
            this.assumeRandomized = assumeRandomized;
        }

        @Override
        public void onProbe(long ts, long source, int rssi, int seq, long fp, boolean retry) {
            if (rssiMin != ProbeRequest.NO_RSSI && (rssi == ProbeRequest.NO_RSSI || rssi < rssiMin)) {
                return;
            }
            if (devices.add(source) && (assumeRandomized || ((source >>> 40) & 0x02) != 0)) {
                randomized++;
            }
        }
    }
}

package io.footfall.agent.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.footfall.agent.cli.spi.OptionMap;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.receive.Gap;
import io.footfall.agent.receive.Ledger;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.receive.Rejection;
import io.footfall.agent.receive.Sink;
import io.footfall.agent.receive.Text;
import io.footfall.agent.store.CountsStore;
import io.footfall.agent.store.StoreUrl;
import io.footfall.agent.store.web.Dashboard;
import io.footfall.hal.ConfigException;
import io.footfall.hal.FootfallException;
import io.footfall.hal.Options;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code footfall receive}: the platform's view of the counts, for technicians and acceptance
 * checks. One line per distinct window; duplicates (same id) are reported and dropped; a jump in
 * seq is reported as a gap with the missing range; conflicts (same id, other content) and rejected
 * messages (oversized, malformed, on another node's topic) are reported and not taken. Everything
 * printed that came from the network is escaped ({@link Text}). Exit code 0, or 3 when gaps remain
 * at exit.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {"Subscribe to footfall/v1/{site}/+/counts like the platform does: persistent session (messages",
            "published while away arrive on return), de-duplication by id, gap detection by seq; with --store, into a",
            "database; with --share, as one of several receivers (each with its own --client-id).",
            "Exit code 0, 3 when seq gaps remain at exit, 1 on error."})
public final class ReceiveCommand implements Callable<Integer> {
    public static final String CSV_HEADER = "site,node,stream,seq,seq_last,id,window_start,window_end,clock_synced,beam_in,beam_out,"
            + "wifi_devices,wifi_universal,wifi_randomized,wifi_estimated,wifi_suppressed,wifi_k"
            + ",coverage_counting,coverage_of,wifi_capturing,wifi_estimated_low,wifi_estimated_high";

    @Spec
    CommandSpec spec;

    @Option(names = "--broker", required = true, paramLabel = "URI",
            description = "tcp://host[:port], mqtt://, ssl:// or mqtts:// (ports 1883 and 8883 when not given), as the node's broker setting")
    String broker;

    @Option(names = "--site", defaultValue = "+", paramLabel = "ID", description = "site to follow; + for all (default: ${DEFAULT-VALUE})")
    String site;

    @Option(names = "--json", description = "print each window's payload as one JSON line; gaps and duplicates as {\"event\":..} lines")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE", description = "append one CSV row per distinct window (header written to a new file)")
    Optional<Path> csv;

    @Option(names = "--client-id", defaultValue = "footfall-receive", paramLabel = "ID",
            description = "fixed client id: the broker keeps this id's session (default: ${DEFAULT-VALUE})")
    String clientId;

    @Option(names = "--session-expiry", defaultValue = "7d", paramLabel = "DURATION",
            description = "how long the broker queues for us while away (default: ${DEFAULT-VALUE})")
    String sessionExpiry;

    @Option(names = "--mqtt-username", paramLabel = "NAME", description = "user name to connect as")
    String username;

    @Option(names = "--mqtt-password-file", paramLabel = "FILE",
            description = "file holding the password, read at each connect as the node reads it: trailing line ends dropped, spaces kept")
    String passwordFile;

    @Option(names = "--mqtt-ca-file", paramLabel = "FILE", description = "PEM CA certificate(s) to trust for TLS (default: the JVM's)")
    String caFile;

    @Option(names = "--mqtt-cert-file", paramLabel = "FILE", description = "PEM client certificate for TLS, with --mqtt-key-file")
    String certFile;

    @Option(names = "--mqtt-key-file", paramLabel = "FILE", description = "PEM PKCS#8 private key of --mqtt-cert-file")
    String keyFile;

    @Option(names = "--min-coverage", defaultValue = "0.9", paramLabel = "SHARE",
            description = "flag windows the node watched for less than this share of (coverage.counting / coverage.of; default: ${DEFAULT-VALUE})")
    double minCoverage;

    @Option(names = "--count", paramLabel = "N", description = "exit after N distinct windows")
    Optional<Integer> count;

    @Option(names = "--for", paramLabel = "DURATION", description = "exit after this long (e.g. 30s)")
    String runFor;

    @Option(names = "--store", paramLabel = "URL",
            description = {"put every distinct window into a database, de-duplicated there by id: a SQLite file (counts.db),",
                "postgresql://[user@]host[:port]/database, or a jdbc: URL. Gaps are then the store's."})
    Optional<String> store;

    @Option(names = "--share", paramLabel = "GROUP",
            description = {"join an MQTT v5 shared subscription ($share/GROUP/...): the receivers of a group split the messages;",
                "use with --store, which then de-duplicates for all of them (gaps are only the store's)"})
    Optional<String> share;

    @Option(names = "--http", paramLabel = "[HOST:]PORT",
            description = {"serve a read-only web page of the store (nodes, charts, gaps, exports); with --store.",
                "A port alone binds to 127.0.0.1"})
    Optional<String> http;

    @Option(names = "--max-payload", defaultValue = "65536", paramLabel = "BYTES",
            description = "reject larger payloads unparsed (default: ${DEFAULT-VALUE}; at most 1 MiB - 1 KiB)")
    int maxPayload;

    /** The longest --session-expiry or --for taken, as for every duration setting: a thousand years. */
    private static final Duration LONGEST = Duration.ofDays(365_000);

    /** Non-ASCII as \\uXXXX: a payload's text cannot put a C1 control or a bidi override on the screen. */
    private static final ObjectMapper OUT = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @Override
    public Integer call() throws Exception {
        if (!site.equals("+") && !Topics.ID.matcher(site).matches()) {
            throw new ConfigException("site", site, "+ or 1-64 of a-z, 0-9, '_' and '-'");
        }
        if (!(minCoverage >= 0 && minCoverage <= 1)) {
            throw new ConfigException("min-coverage", Double.toString(minCoverage), "a share from 0 to 1, e.g. 0.9");
        }
        Map<String, String> options = new OptionMap()
                .put("broker", broker)
                .put("client-id", clientId)
                .put("mqtt-username", username)
                .put("mqtt-password-file", passwordFile)
                .put("mqtt-ca-file", caFile)
                .put("mqtt-cert-file", certFile)
                .put("mqtt-key-file", keyFile)
                .put("session-expiry", sessionExpiry)
                .put("for", runFor)
                .toMap();
        MqttSettings settings = MqttSettings.fromOptions(options, clientId);
        Duration expiry = Options.duration(options, "session-expiry", Duration.ofDays(7), Duration.ofNanos(1), LONGEST);
        if (maxPayload < 1 || maxPayload > Receiver.MAX_PACKET_BYTES - 1024) {
            throw new ConfigException("max-payload", Integer.toString(maxPayload), "1.." + (Receiver.MAX_PACKET_BYTES - 1024));
        }
        Receiver.Options receiveOptions = Receiver.Options.of(site, expiry).withMaxPayloadBytes(maxPayload)
                .withLimits(Ledger.Limits.DEFAULT.withoutWindows());
        if (share.isPresent()) {
            if (!Topics.ID.matcher(share.get()).matches()) {
                throw new ConfigException("share", share.get(), "1-64 of a-z, 0-9, '_' and '-'");
            }
            receiveOptions = receiveOptions.withShareGroup(share.get());
        }
        Optional<StoreUrl> storeUrl = store.map(StoreUrl::parse);
        Optional<InetSocketAddress> httpAddress = http.map(ReceiveCommand::httpAddress);
        if (httpAddress.isPresent() && storeUrl.isEmpty()) {
            throw new ConfigException("http", http.get(), "only with --store");
        }
        Optional<Duration> limit = Optional.ofNullable(runFor).map(v -> Options.duration(options, "for", Duration.ZERO, Duration.ofNanos(1), LONGEST));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch summarised = new CountDownLatch(1);
        Optional<BufferedWriter> csvOut = openCsv();
        Printer printer = new Printer(out, csvOut, count.orElse(Integer.MAX_VALUE), done, share.isEmpty());
        Optional<CountsStore> countsStore = Optional.empty();
        Optional<CountsStore> pageStore = Optional.empty();
        Optional<Dashboard> page = Optional.empty();
        Thread hook = new Thread(() -> {
            done.countDown();
            try {
                summarised.await(5, TimeUnit.SECONDS); // let the summary and the CSV be written before the JVM halts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "footfall-receive-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            countsStore = storeUrl.map(CountsStore::open);
            countsStore.ifPresent(s -> err.println("storing into " + s.url() + " (schema version " + s.schemaVersion() + ")"));
            if (httpAddress.isPresent()) {
                // its own connection: a long export must not hold up the receiver's writes
                pageStore = storeUrl.map(CountsStore::open);
                page = Optional.of(Dashboard.start(httpAddress.get(), pageStore.get(), Instant::now));
                err.println("web page on http://" + page.get().address().getHostString() + ":" + page.get().address().getPort() + "/");
            }
        } catch (FootfallException | IOException e) {
            page.ifPresent(Dashboard::close);
            pageStore.ifPresent(CountsStore::close);
            countsStore.ifPresent(CountsStore::close);
            summarised.countDown();
            Runtime.getRuntime().removeShutdownHook(hook);
            if (e instanceof FootfallException f) {
                throw f; // the one handler words it and maps its exit code (78 for a refused setting)
            }
            err.println("footfall receive: " + e.getMessage());
            return 1;
        }
        try (Receiver receiver = new Receiver(settings, receiveOptions, countsStore.map(Sink.class::cast), printer)) {
            receiver.startAndAwaitConnected(Duration.ofSeconds(15));
            err.println("subscribed to " + receiver.topicFilter() + " on " + settings.pahoUri() + " as " + clientId);
            err.flush();
            if (limit.isPresent()) {
                done.await(limit.get().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                done.await();
            }
            // in a shared subscription this receiver sees only part of each stream: only a store knows the gaps
            List<Gap> gaps = countsStore.isPresent() ? countsStore.get().gaps(site) : share.isPresent() ? List.of() : receiver.gaps();
            String stored = countsStore.map(s -> receiver.stored() + " stored by this receiver, " + s.count() + " in the store, ").orElse("");
            err.println(receiver.distinct() + " windows, " + stored + receiver.duplicates() + " duplicates dropped, "
                    + (receiver.conflicts() > 0 ? receiver.conflicts() + " conflicts, " : "")
                    + (receiver.rejected() > 0 ? receiver.rejected() + " rejected, " : "")
                    + (gaps.isEmpty() ? "no gaps" : gaps.size() + " gaps: " + gaps));
            err.flush();
            return gaps.isEmpty() ? 0 : 3;
        } finally {
            summarised.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
            if (csvOut.isPresent()) {
                csvOut.get().close();
            }
            page.ifPresent(Dashboard::close);
            pageStore.ifPresent(CountsStore::close);
            countsStore.ifPresent(CountsStore::close);
        }
    }

    static InetSocketAddress httpAddress(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : value.substring(0, colon);
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65535 || host.isEmpty()) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new ConfigException("http", value, "[HOST:]PORT, e.g. 8080 or 127.0.0.1:8080");
        }
    }

    private Optional<BufferedWriter> openCsv() throws IOException {
        if (csv.isEmpty()) {
            return Optional.empty();
        }
        Path f = csv.get();
        boolean fresh = !Files.exists(f) || Files.size(f) == 0;
        BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (fresh) {
            w.write(CSV_HEADER);
            w.newLine();
            w.flush();
        }
        return Optional.of(w);
    }

    /** Plain line for one window, as the platform sees it, flagged when watched for less than {@code minCoverage}. */
    public static String line(ReceivedWindow w, double minCoverage) {
        String coverage = w.coverage().map(c -> " coverage " + c.counting() + "/" + c.of() + " s"
                + c.wifi().map(x -> " capturing " + x.capturing() + " s on " + (x.channels().isEmpty() ? "-" : x.channels().toString()
                        .replace(" ", ""))).orElse("")
                + (lowCoverage(w, minCoverage) ? " LOW-COVERAGE" : "")).orElse(" coverage unknown");
        return line(w) + coverage;
    }

    /** Whether the node watched the window for less than {@code minCoverage} of it; false when it does not say. */
    public static boolean lowCoverage(ReceivedWindow w, double minCoverage) {
        return w.coverage().map(c -> c.counting() < minCoverage * c.of()).orElse(false);
    }

    /** Plain line for one window, as the platform sees it. */
    public static String line(ReceivedWindow w) {
        String seq = w.seqLast() == w.seq() ? Long.toString(w.seq()) : w.seq() + "-" + w.seqLast();
        String wifi = w.wifi().map(x -> x.suppressed() ? "wifi suppressed (k=" + x.k() + ")"
                : "wifi " + x.devices() + " devices (" + x.universal() + " universal, " + x.randomized() + " randomized) est " + x.estimated()
                        + " (" + x.estimatedLow() + "-" + x.estimatedHigh() + ")")
                .orElse("wifi -");
        return Text.terminal(w.site()) + " " + Text.terminal(w.node()) + " seq " + seq + " " + w.start() + ".." + w.end() + (w.clockSynced() ? "" : " (clock not synced)")
                + " in " + w.beamIn() + " out " + w.beamOut() + " " + wifi;
    }

    /** One CSV row; every text cell through {@link Text#csvCell}, so no cell is a formula or breaks the row. */
    public static String csvRow(ReceivedWindow w) {
        StringBuilder b = new StringBuilder();
        b.append(Text.csvCell(w.site())).append(',').append(Text.csvCell(w.node())).append(',').append(Text.csvCell(w.stream())).append(',')
                .append(w.seq()).append(',').append(w.seqLast()).append(',').append(Text.csvCell(w.id())).append(',').append(w.start())
                .append(',').append(w.end()).append(',').append(w.clockSynced()).append(',').append(w.beamIn()).append(',').append(w.beamOut());
        if (w.wifi().isPresent()) {
            ReceivedWindow.Wifi x = w.wifi().get();
            b.append(',').append(x.devices()).append(',').append(x.universal()).append(',').append(x.randomized()).append(',')
                    .append(x.estimated()).append(',').append(x.suppressed()).append(',').append(x.k());
        } else {
            b.append(",,,,,");
        }
        b.append(',').append(w.coverage().map(c -> c.counting() + "," + c.of()).orElse(","));
        b.append(',').append(w.coverage().flatMap(c -> c.wifi()).map(x -> Long.toString(x.capturing())).orElse(""));
        b.append(',').append(w.wifi().map(x -> x.estimatedLow() + "," + x.estimatedHigh()).orElse(","));
        return b.toString();
    }

    private final class Printer implements Receiver.Listener {
        private final PrintWriter out;
        private final Optional<BufferedWriter> csvOut;
        private final int stopAfter;
        private final CountDownLatch done;
        private final boolean reportGaps;
        private int distinct;

        /** @param reportGaps false in a shared subscription, where this receiver sees only its share of each stream */
        Printer(PrintWriter out, Optional<BufferedWriter> csvOut, int stopAfter, CountDownLatch done, boolean reportGaps) {
            this.out = out;
            this.reportGaps = reportGaps;
            this.csvOut = csvOut;
            this.stopAfter = stopAfter;
            this.done = done;
        }

        @Override
        public synchronized void window(ReceivedWindow w, boolean duplicate) {
            if (duplicate) {
                out.println(json ? event("duplicate", Map.of("id", w.id())) : "DUP " + Text.terminal(w.id()) + " (dropped)");
            } else {
                out.println(json ? asJson(w.json()) : line(w, minCoverage));
                if (json && lowCoverage(w, minCoverage)) {
                    Coverage c = w.coverage().orElseThrow();
                    out.println(event("lowCoverage", Map.of("id", w.id(), "counting", c.counting(), "of", c.of())));
                }
                csvOut.ifPresent(c -> {
                    try {
                        c.write(csvRow(w));
                        c.newLine();
                        c.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                if (++distinct >= stopAfter) {
                    done.countDown();
                }
            }
            out.flush();
        }

        @Override
        public synchronized void gap(Gap g) {
            if (!reportGaps) {
                return;
            }
            out.println(json ? event("gap", Map.of("site", g.site(), "node", g.node(), "stream", g.stream(), "from", g.from(), "to", g.to()))
                    : "GAP " + g + " missing");
            out.flush();
        }

        @Override
        public synchronized void conflict(String topic, ReceivedWindow w) {
            out.println(json ? event("conflict", Map.of("topic", topic, "id", w.id()))
                    : "CONFLICT " + Text.terminal(w.id()) + " on " + Text.terminal(topic) + ": differs from the first arrival (not taken)");
            out.flush();
        }

        @Override
        public synchronized void rejected(String topic, Rejection why) {
            String reason = why.kind().name().toLowerCase(Locale.ROOT);
            out.println(json ? event("rejected", Map.of("topic", topic, "reason", reason, "problem", why.detail()))
                    : "BAD " + Text.terminal(topic) + ": " + reason + ": " + Text.terminal(why.detail()));
            out.flush();
        }

        private String event(String name, Map<String, Object> fields) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", name);
            m.putAll(new TreeMap<>(fields));
            return asJson(m);
        }

        private String asJson(Map<String, Object> m) {
            try {
                return OUT.writeValueAsString(m);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

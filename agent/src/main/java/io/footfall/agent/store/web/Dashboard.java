package io.footfall.agent.store.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.store.CountsStore;
import io.footfall.agent.store.CountsStore.NodeSummary;
import io.footfall.agent.store.export.CsvExport;
import io.footfall.agent.store.export.Exporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as a small read-only web page ({@code footfall receive --store … --http 127.0.0.1:8080}):
 * {@code /} lists the nodes with their last window and whether they are online (a window ended
 * within {@link #ONLINE_WITHIN}); {@code /node?site=&node=} charts one node's in, out and phone
 * estimate over the day and the week up to its last window, gaps shaded, windows watched for less
 * than 90% of their length hatched; {@code /export?format=…} serves the export formats. Only GET
 * and HEAD; no script; a Content-Security-Policy that allows nothing to be fetched; nothing about
 * the store's URL or credentials is shown.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    /** A node whose last window ended longer ago than this is shown offline. */
    public static final Duration ONLINE_WITHIN = Duration.ofMinutes(15);

    private final HttpServer server;
    private final CountsStore store;
    private final Supplier<Instant> clock;

    private Dashboard(HttpServer server, CountsStore store, Supplier<Instant> clock) {
        this.server = server;
        this.store = store;
        this.clock = clock;
    }

    /** Serves {@code store} on {@code address} until {@link #close()}. */
    public static Dashboard start(InetSocketAddress address, CountsStore store, Supplier<Instant> clock) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        Dashboard d = new Dashboard(server, store, clock);
        server.createContext("/", d::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "footfall-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return d;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "text/plain", "read-only: GET and HEAD only\n");
                return;
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            switch (ex.getRequestURI().getPath()) {
                case "/" -> send(ex, 200, "text/html; charset=utf-8", index());
                case "/node" -> {
                    Optional<NodeSummary> n = store.nodes().stream()
                            .filter(s -> s.site().equals(q.get("site")) && s.node().equals(q.get("node"))).findFirst();
                    if (n.isEmpty()) {
                        send(ex, 404, "text/plain", "no such node\n");
                    } else {
                        send(ex, 200, "text/html; charset=utf-8", node(n.get()));
                    }
                }
                case "/export" -> export(ex, q);
                default -> send(ex, 404, "text/plain", "not found\n");
            }
        } catch (RuntimeException e) {
            log.warn("web page: {}", e.toString());
            try {
                send(ex, 500, "text/plain", "the store could not be read\n");
            } catch (IOException | RuntimeException ignored) {
                // the response had begun
            }
        }
    }

    private String index() {
        Instant now = clock.get();
        StringBuilder b = page("footfall: nodes");
        b.append("<h1>Nodes</h1><table id=\"nodes\"><thead><tr><th>site</th><th>node</th><th>state</th><th>last window</th>"
                + "<th>in</th><th>out</th><th>phones</th><th>windows</th></tr></thead><tbody>");
        for (NodeSummary n : store.nodes()) {
            ReceivedWindow w = n.last();
            boolean online = Duration.between(w.end(), now).compareTo(ONLINE_WITHIN) <= 0;
            b.append("<tr class=\"node\" data-site=\"").append(Html.esc(n.site())).append("\" data-node=\"").append(Html.esc(n.node()))
                    .append("\" data-state=\"").append(online ? "online" : "offline").append("\"><td>").append(Html.esc(n.site()))
                    .append("</td><td><a href=\"/node?site=").append(Html.url(n.site())).append("&amp;node=").append(Html.url(n.node())).append("\">")
                    .append(Html.esc(n.node())).append("</a></td><td class=\"").append(online ? "online\">online" : "offline\">offline")
                    .append("</td><td>").append(Html.esc(w.start())).append(" – ").append(Html.esc(w.end())).append("</td><td>").append(w.beamIn())
                    .append("</td><td>").append(w.beamOut()).append("</td><td>")
                    .append(w.wifi().filter(x -> !x.suppressed()).map(x -> Integer.toString(x.estimated())).orElse("–"))
                    .append("</td><td>").append(n.windows()).append("</td></tr>");
        }
        b.append("</tbody></table>");
        exportLinks(b);
        return b.append("</body></html>").toString();
    }

    private String node(NodeSummary n) {
        Instant end = n.last().end();
        StringBuilder b = page("footfall: " + n.site() + "/" + n.node());
        b.append("<p><a href=\"/\">all nodes</a></p><h1>").append(Html.esc(n.site())).append(" / ").append(Html.esc(n.node())).append("</h1>");
        b.append("<p class=\"legend\"><span style=\"color:#1f77b4\">■ in</span> <span style=\"color:#ff7f0e\">■ out</span> "
                + "<span style=\"color:#2ca02c\">┅ phones (Wi-Fi estimate)</span> <span style=\"color:#d62728\">▒ gap (windows missing)</span> "
                + "<span style=\"color:#7f7f7f\">▨ watched for less than " + Math.round(Chart.LOW_COVERAGE * 100) + "% of the window</span></p>");
        List<CountsStore.GapSpan> gaps = store.gaps(n.site(), n.node());
        for (Duration span : List.of(Duration.ofDays(1), Duration.ofDays(7))) {
            Instant from = end.minus(span);
            List<ReceivedWindow> ws = new ArrayList<>();
            store.windows(n.site(), n.node(), from, end, ws::add);
            List<CountsStore.GapSpan> shown = gaps.stream().filter(g -> g.to().isAfter(from) && g.from().isBefore(end)).toList();
            b.append("<h2>").append(span.toDays() == 1 ? "Last day" : "Last week").append("</h2><figure id=\"")
                    .append(span.toDays() == 1 ? "day" : "week").append("\">")
                    .append(Chart.svg(n.node() + ", " + from + " to " + end, from, end, ws, shown)).append("</figure>");
            if (!shown.isEmpty()) {
                b.append("<ul class=\"gaps\">");
                shown.forEach(g -> b.append("<li>").append(Html.esc(g.gap())).append(" missing: ").append(Html.esc(g.from())).append(" – ")
                        .append(Html.esc(g.to())).append("</li>"));
                b.append("</ul>");
            }
        }
        exportLinks(b);
        return b.append("</body></html>").toString();
    }

    private static void exportLinks(StringBuilder b) {
        b.append("<h2>Export</h2><ul id=\"exports\">");
        for (Exporter.Format f : Exporter.Format.values()) {
            b.append("<li><a href=\"/export?format=").append(f.optionName()).append("\">").append(f.optionName()).append("</a></li>");
        }
        b.append("<li><a href=\"/export?format=csv&amp;totals=day\">csv, daily totals</a></li>")
                .append("<li><a href=\"/export?format=csv&amp;totals=week\">csv, weekly totals</a></li>")
                .append("<li><a href=\"/export?format=csv&amp;totals=month\">csv, monthly totals</a></li></ul>");
    }

    private void export(HttpExchange ex, Map<String, String> q) throws IOException {
        Optional<Exporter.Format> f = Exporter.Format.of(q.getOrDefault("format", ""));
        Optional<CsvExport.Period> totals;
        try {
            totals = Optional.ofNullable(q.get("totals")).map(t -> CsvExport.Period.valueOf(t.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            totals = Optional.empty();
            f = Optional.empty();
        }
        if (f.isEmpty() || (totals.isPresent() && f.get() != Exporter.Format.CSV)) {
            send(ex, 400, "text/plain", "format: csv, crowdflow, crowdflow-keyvalues, sensorthings, device or device-keyvalues; totals (csv): day, week, month\n");
            return;
        }
        Optional<Instant> from = Optional.ofNullable(q.get("from")).map(Instant::parse);
        Optional<Instant> to = Optional.ofNullable(q.get("to")).map(Instant::parse);
        headers(ex, f.get().contentType + "; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        if (ex.getRequestMethod().equals("GET")) {
            try (PrintWriter w = new PrintWriter(new OutputStreamWriter(ex.getResponseBody(), StandardCharsets.UTF_8))) {
                Exporter.write(store, f.get(), from, to, totals, ZoneOffset.UTC, w);
            }
        }
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.esc(title))
                .append("</title><style>body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}"
                        + "td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left}.online{color:#2a7d2a}.offline{color:#b22}"
                        + "figure{margin:0}</style></head><body>");
    }

    private static void headers(HttpExchange ex, String type) {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers(ex, type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(bytes);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    m.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

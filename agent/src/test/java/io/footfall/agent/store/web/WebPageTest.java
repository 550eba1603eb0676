package io.footfall.agent.store.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.receive.CountsParser;
import io.footfall.agent.store.CountsStore;
import io.footfall.agent.store.StoreUrl;
import io.footfall.agent.testing.Windows;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page of a store, loaded in a real headless Chromium (Debian's {@code chromium}, installed
 * by scripts/test): the DOM it rendered is asserted on, and a screenshot is left in
 * {@code agent/target/web-page/} for a person to look at.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebPageTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SHOTS = Path.of("target", "web-page");
    static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    CountsStore store;
    Dashboard page;
    Instant now;

    /**
     * Three nodes over two days of 5-minute windows: n2 lost seqs 100-130, watched seqs 200-205 for
     * a third of their length and 207 for 280 of 300 s, and sent 210 as a node older than coverage;
     * n3 went silent after the first day.
     */
    @BeforeEach
    void fill() throws Exception {
        store = CountsStore.open(StoreUrl.parse(dir.resolve("counts.db").toString()));
        for (String node : List.of("n1", "n2", "n3")) {
            Topics t = new Topics("gent", node);
            int windows = node.equals("n3") ? 288 : 576;
            for (long seq = 1; seq <= windows; seq++) {
                if (node.equals("n2") && seq >= 100 && seq <= 130) {
                    continue;
                }
                long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
                ObjectNode m = (ObjectNode) JSON.readTree(Windows.json(t, seq, node + "/abc123/" + seq, start, start + Windows.FIVE_MINUTES));
                if (node.equals("n2") && (seq >= 200 && seq <= 205 || seq == 207)) {
                    int counting = seq == 207 ? 280 : 100;
                    ((ObjectNode) m.get("coverage")).put("counting", counting);
                    ((ObjectNode) m.get("wifi")).put("capturing", counting);
                } else if (node.equals("n2") && seq == 210) {
                    m.remove("coverage");
                    ((ObjectNode) m.get("wifi")).remove(List.of("capturing", "channels"));
                }
                store.put(t.counts(), CountsParser.parse(t.counts(), JSON.writeValueAsBytes(m), Kinds.STANDARD.sections()));
            }
        }
        now = Instant.ofEpochMilli(Windows.DAY0 + 2 * DAY + 60_000);
        page = Dashboard.start(new InetSocketAddress("127.0.0.1", 0), store, () -> now);
    }

    @AfterEach
    void stop() {
        page.close();
        store.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + page.address().getPort() + path;
    }

    /** Loads {@code url} in headless Chromium; returns the DOM it rendered and leaves a screenshot named {@code shot}. */
    String chromium(String url, String shot) throws Exception {
        Files.createDirectories(SHOTS);
        Path profile = Files.createDirectories(dir.resolve("chromium-" + shot));
        List<String> base = List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1100,1400");
        List<String> dump = new ArrayList<>(base);
        dump.addAll(List.of("--dump-dom", url));
        Process p = new ProcessBuilder(dump).redirectError(dir.resolve(shot + ".err").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, Files.readString(dir.resolve(shot + ".err")));
        List<String> screenshot = new ArrayList<>(base);
        screenshot.addAll(List.of("--screenshot=" + SHOTS.resolve(shot + ".png").toAbsolutePath(), url));
        Process s = new ProcessBuilder(screenshot).redirectErrorStream(true).redirectOutput(dir.resolve(shot + ".shot").toFile()).start();
        assertTrue(s.waitFor(60, TimeUnit.SECONDS) && s.exitValue() == 0, Files.readString(dir.resolve(shot + ".shot")));
        assertTrue(Files.size(SHOTS.resolve(shot + ".png")) > 10_000, "a screenshot with something on it");
        return dom;
    }

    static List<String> all(String regex, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void the_node_list_shows_each_node_with_its_state_and_the_export_links() throws Exception {
        String dom = chromium(url("/"), "nodes");
        assertEquals(List.of("n1", "n2", "n3"), all("<tr class=\"node\" data-site=\"gent\" data-node=\"([a-z0-9]+)\"", dom));
        assertEquals(List.of("online", "online", "offline"), all("data-state=\"(online|offline)\"", dom));
        assertTrue(dom.contains("<td>545</td>"), "n2 has 576 - 31 windows");
        assertEquals(9, all("<a href=\"(/export\\?[^\"]+)\"", dom).size(), dom);
    }

    @Test
    void a_node_page_charts_in_out_and_phones_with_the_gap_and_the_windows_watched_below_90_percent_marked() throws Exception {
        String dom = chromium(url("/node?site=gent&node=n2"), "node-n2");
        List<String> charts = all("<svg class=\"chart\"[^>]*data-windows=\"(\\d+)\"", dom);
        assertEquals(List.of("288", "545"), charts, "the last day, then the week (all it has)");
        assertTrue(all("data-series=\"in\" data-points=\"(\\d+)\"", dom).stream().allMatch(n -> Integer.parseInt(n) > 200), dom);
        assertTrue(all("data-series=\"phones\" data-points=\"(\\d+)\"", dom).stream().allMatch(n -> Integer.parseInt(n) > 200), dom);
        assertEquals(List.of("100"), all("<rect class=\"gap\" data-seq-from=\"(\\d+)\" data-seq-to=\"130\"", dom), "the gap, on the week chart");
        assertTrue(dom.contains("n2/abc123 seq 100-130 missing"), dom);
        assertEquals(List.of("200", "201", "202", "203", "204", "205"), all("<rect class=\"low-coverage\" data-seq=\"(\\d+)\" data-counting=\"100\" "
                + "data-of=\"300\"", dom), "on the week chart; not 207 (93%), not 210 (coverage unknown)");
        assertEquals(List.of("0", "6"), all("<svg class=\"chart\"[^>]*data-low-coverage=\"(\\d+)\"", dom));
        assertTrue(dom.contains("n2/abc123/203: watched 100 of 300 s"), "the tooltip");
    }

    @Test
    void the_page_is_read_only_and_serves_the_exports() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(url("/"))).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(url("/export?format=csv&totals=day"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, csv.statusCode());
        assertEquals(1 + 2 + 2 + 1, csv.body().lines().count(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'none'"));
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(url("/node?site=gent&node=nobody"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}

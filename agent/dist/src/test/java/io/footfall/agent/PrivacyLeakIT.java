package io.footfall.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.privacy.AddressLeakScanner;
import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Subscriber;
import io.footfall.hal.wifi.pcap.PcapReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged agent counts a real capture, then every published payload, every log line and every
 * file in its data directory is searched for the capture's source addresses in any notation and as
 * raw bytes: none may be there. The counts show the capture really was counted.
 */
class PrivacyLeakIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"n-02.cap, 5", "wpa2-psk-linksys.cap, 1", "ieee802.11_exthdr.pcap, 1"})
    void a_real_capture_leaves_no_trace_of_its_addresses_in_payloads_logs_or_the_data_directory(String capture, int devices)
            throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (scripts/test installs it)");
        Path file = Path.of(System.getProperty("footfall.pcaps"), capture);
        Set<Long> addresses = new HashSet<>();
        try (InputStream in = Files.newInputStream(file)) {
            PcapReader.open(in).readAll((ts, source, rssi, seq, fp, retry) -> addresses.add(source));
        }
        assertEquals(devices, addresses.size(), "distinct sources in " + capture);

        Path data = dir.resolve("data");
        Path log = dir.resolve("agent.log");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/#")) {
            try (AgentProcess agent = AgentProcess.start(log, "run", "--config", "/dev/null", "--hal", "sim", "--broker", broker.uri(),
                    "--site", "s1", "--node", "n1", "--window", "1m", "--sim-speed", "600", "--data-dir", data.toString(),
                    "--capture-command", "cat '" + file + "'", "--set", "wifi-k=1", "--set", "health-interval=5s")) {
                List<Subscriber.Received> counted = platform.await(r -> r.topic().endsWith("/counts") && r.payload().contains(
                        "\"devices\":" + devices + ","), 1, 60, TimeUnit.SECONDS);
                assertEquals(1, Math.min(1, counted.size()), "a window counted the capture's " + devices + " device(s); log:\n"
                        + Files.readString(log));
                platform.await(r -> r.topic().endsWith("/health"), 1, 20, TimeUnit.SECONDS);
                agent.stop();
            }
            List<String> payloads = new ArrayList<>();
            for (Subscriber.Received r : platform.received()) {
                payloads.add(r.topic() + " " + r.payload());
                JSON.std.anyFrom(r.payload()); // every payload is JSON
            }
            assertTrue(payloads.stream().anyMatch(p -> p.contains("/health ")), "health was published too");

            AddressLeakScanner scanner = new AddressLeakScanner(addresses);
            List<AddressLeakScanner.Finding> findings = new ArrayList<>();
            findings.addAll(scanner.scan("payloads", String.join("\n", payloads).getBytes(StandardCharsets.UTF_8)));
            findings.addAll(scanner.scan("agent log", Files.readAllBytes(log)));
            findings.addAll(scanner.scanDirectory(data));
            assertTrue(Files.list(data).findAny().isPresent(), "the data directory holds the outbox");
            assertEquals(List.of(), findings);
        }
    }
}

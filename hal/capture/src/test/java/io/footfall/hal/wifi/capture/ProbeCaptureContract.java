package io.footfall.hal.wifi.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.NodeClock;
import io.footfall.hal.SystemNodeClock;
import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.hal.wifi.pcap.InformationElements;
import io.footfall.hal.wifi.pcap.PcapWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ProbeCapture} must do, run against each implementation that can be fed a
 * known capture: subclasses say how to open one over a file.
 */
abstract class ProbeCaptureContract {
    @TempDir
    Path dir;

    protected final NodeClock clock = new SystemNodeClock(Path.of("/nonexistent"));

    /** A capture that delivers the probe requests in {@code file} (at least once). */
    protected abstract ProbeCapture open(Path file);

    @Test
    void delivers_every_probe_with_its_fields_and_a_node_clock_timestamp() throws Exception {
        Path file = dir.resolve("c.pcap");
        byte[] ies = InformationElements.builder().ssid("").supportedRates(2, 4).build();
        try (var os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os)) {
            for (int i = 0; i < 25; i++) {
                w.writeProbe(i, new PcapWriter.ProbeFrame(0x02_00_00_00_00_00L + i, i, i % 2 == 0, ies), PcapWriter.Radio.signal(-30 - i));
            }
        }
        List<ProbeRequest> got = new CopyOnWriteArrayList<>();
        long before = clock.monoNanos();
        try (ProbeCapture c = open(file)) {
            c.start(new ProbeListener() {
                @Override
                public void onProbe(ProbeRequest p) {
                    got.add(p);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (got.size() < 25 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(c.state().framesSeen() >= 25, "frames seen: " + c.state());
        }
        assertTrue(got.size() >= 25);
        for (int i = 0; i < 25; i++) {
            ProbeRequest p = got.get(i);
            assertEquals(0x02_00_00_00_00_00L + i, p.source());
            assertEquals(-30 - i, p.rssiDbm());
            assertEquals(i, p.seqNo());
            assertEquals(i % 2 == 0, p.retry());
            assertTrue(p.tNanos() >= before && p.tNanos() <= clock.monoNanos());
        }
    }

    @Test
    void hands_over_the_probes_of_one_read_as_one_batch_in_order() throws Exception {
        Path file = dir.resolve("b.pcap");
        byte[] ies = InformationElements.builder().ssid("").build();
        try (var os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os)) {
            for (int i = 0; i < 40; i++) {
                w.writeProbe(1_000_000L * i, new PcapWriter.ProbeFrame(0x02_00_00_00_00_00L + i, i, false, ies), PcapWriter.Radio.signal(-50));
            }
        }
        List<List<ProbeRequest>> batches = new CopyOnWriteArrayList<>();
        List<ProbeRequest> single = new CopyOnWriteArrayList<>();
        try (ProbeCapture c = open(file)) {
            c.start(new ProbeListener() {
                @Override
                public void onProbe(ProbeRequest p) {
                    single.add(p);
                }

                @Override
                public void onProbes(List<ProbeRequest> probes) {
                    batches.add(probes);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (batches.stream().mapToInt(List::size).sum() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        List<ProbeRequest> all = batches.stream().flatMap(List::stream).toList();
        assertTrue(all.size() >= 40, "probes in batches: " + all.size());
        assertTrue(single.isEmpty(), "a listener that takes batches gets no single probes");
        // a 40-frame file arrives in a read or two, never frame by frame
        assertTrue(batches.size() < 40, "batches: " + batches.size());
        for (int i = 0; i < 40; i++) {
            assertEquals(i, all.get(i).seqNo(), "probes keep their order");
        }
        for (List<ProbeRequest> batch : batches) {
            for (int i = 1; i < batch.size(); i++) {
                assertTrue(batch.get(i).tNanos() >= batch.get(i - 1).tNanos(), "stamps within a batch keep the capture's order");
            }
        }
    }

    @Test
    void close_is_idempotent_and_ends_in_off() throws Exception {
        Path file = dir.resolve("empty.pcap");
        try (var os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os)) {
            w.flush();
        }
        ProbeCapture c = open(file);
        c.start(p -> {});
        c.close();
        c.close();
        assertEquals(CaptureState.Status.OFF, c.state().status());
    }
}

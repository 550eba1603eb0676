package io.footfall.hal.wifi.capture;

import io.footfall.hal.Backoff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.hal.ConfigException;
import io.footfall.hal.NodeClock;
import io.footfall.hal.spi.HalSettings;
import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.CaptureState.Status;
import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.hal.wifi.pcap.InformationElements;
import io.footfall.hal.wifi.pcap.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandProbeCaptureTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(100));
    private static final NodeClock CLOCK = new NodeClock() {
        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long monoNanos() {
            return System.nanoTime();
        }

        @Override
        public boolean synced() {
            return true;
        }

        @Override
        public long realNanosUntil(long wallMillis) {
            return (wallMillis - wallMillis()) * 1_000_000L;
        }
    };

    @TempDir
    Path dir;

    private final Recorder recorder = new Recorder();
    private CommandProbeCapture capture;

    @AfterEach
    void closeCapture() {
        if (capture != null) {
            capture.close();
        }
    }

    @Test
    void a_dying_capture_is_restarted_and_counts_arrive_from_several_process_lives() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tcpdump")) || Files.isExecutable(Path.of("/usr/sbin/tcpdump")),
                "tcpdump is not installed");
        Path file = capture(dir.resolve("thirty.pcap"), 30);
        capture = new CommandProbeCapture(settings("tcpdump -r " + file + " -w -", Duration.ofSeconds(30)), CLOCK, FAST, Optional.empty());
        long before = System.nanoTime();
        capture.start(recorder);
        await(() -> recorder.probes.get() >= 90, "probes from three lives");
        long restarts = recorder.states.stream().filter(s -> s.status() == Status.RESTARTING).count();
        assertTrue(restarts >= 2, "restarted " + restarts + " times");
        assertTrue(recorder.states.stream().anyMatch(s -> s.status() == Status.RUNNING));
        assertTrue(capture.state().framesSeen() >= 90, "frames counted over lives: " + capture.state().framesSeen());
        assertTrue(recorder.lastT.get() >= before && recorder.lastT.get() <= System.nanoTime(), "stamped with the node clock");
        capture.close();
        assertNoChildProcessesOrThreads();
        assertEquals(Status.OFF, capture.state().status());
    }

    @Test
    void close_kills_the_whole_process_tree_and_a_silent_stream_is_reported_quiet() throws Exception {
        Path file = capture(dir.resolve("ten.pcap"), 10);
        capture = new CommandProbeCapture(settings("cat " + file + "; sleep 60", Duration.ofMillis(300)), CLOCK, FAST, Optional.empty());
        capture.start(recorder);
        await(() -> recorder.probes.get() == 10, "ten probes");
        await(() -> capture.state().status() == Status.QUIET, "quiet");
        assertTrue(ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive), "sh and sleep are running");
        long t0 = System.nanoTime();
        capture.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "close is prompt");
        assertNoChildProcessesOrThreads();
    }

    @Test
    void a_command_that_writes_no_pcap_is_reported_failed_and_retried() throws Exception {
        capture = new CommandProbeCapture(settings("echo hello", Duration.ofSeconds(30)), CLOCK, FAST, Optional.empty());
        capture.start(recorder);
        await(() -> recorder.states.stream().filter(s -> s.status() == Status.FAILED).count() >= 2, "failed twice");
        CaptureState failed = recorder.states.stream().filter(s -> s.status() == Status.FAILED).findFirst().orElseThrow();
        assertTrue(failed.detail().contains("did not write a pcap stream"), failed.detail());
    }

    @Test
    void tcpdump_saying_the_interface_is_missing_becomes_a_health_state() throws Exception {
        capture = new CommandProbeCapture(settings("echo 'tcpdump: wlan9: No such device exists' >&2; exit 1", Duration.ofSeconds(30)),
                CLOCK, FAST, Optional.empty());
        capture.start(recorder);
        await(() -> capture.state().status() == Status.INTERFACE_MISSING, "interface missing");
    }

    @Test
    void tcpdump_refusing_monitor_mode_becomes_a_health_state() throws Exception {
        capture = new CommandProbeCapture(
                settings("echo \"tcpdump: wlan0: That device doesn't support monitor mode\" >&2; exit 1", Duration.ofSeconds(30)),
                CLOCK, FAST, Optional.empty());
        capture.start(recorder);
        await(() -> capture.state().status() == Status.MONITOR_UNSUPPORTED, "monitor unsupported");
    }

    @Test
    void addresses_on_the_commands_stderr_never_reach_the_log_or_the_state() throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(err, old), true));
        try {
            capture = new CommandProbeCapture(settings(
                    "echo 'probe from a4:5e:60:c1:22:0f seen' >&2; echo 'bare a45e60c1220f' >&2; echo 'No such device A4-5E-60-C1-22-0F' >&2; exit 1",
                    Duration.ofSeconds(30)), CLOCK, FAST, Optional.empty());
            capture.start(recorder);
            await(() -> capture.state().status() == Status.INTERFACE_MISSING, "classified");
            capture.close();
        } finally {
            System.setErr(old);
        }
        String logged = err.toString().toLowerCase();
        assertTrue(logged.contains("probe from xx:xx:xx:xx:xx:xx seen"), "the line is logged, masked");
        for (String s : List.of(logged, recorder.states.toString().toLowerCase())) {
            assertFalse(s.contains("a4:5e:60") || s.contains("a45e60") || s.contains("a4-5e-60"), s);
        }
    }

    @Test
    void a_missing_interface_with_the_default_command_is_a_health_state_not_a_crash() throws Exception {
        HalSettings.WifiSettings s = new HalSettings.WifiSettings(true, "ffnosuch0", List.of(1, 6, 11), Duration.ofMillis(200), "",
                Duration.ofSeconds(30));
        capture = new CommandProbeCapture(s, CLOCK, FAST, Optional.of(new MonitorMode("ffnosuch0")));
        assertTrue(capture.command().startsWith("exec tcpdump -i ffnosuch0 "));
        capture.start(recorder);
        await(() -> capture.state().status() == Status.INTERFACE_MISSING, "interface missing");
        assertTrue(capture.state().detail().contains("ffnosuch0"));
    }

    @Test
    void an_interface_name_that_could_inject_shell_is_refused_at_construction() {
        HalSettings.WifiSettings s = new HalSettings.WifiSettings(true, "wlan0;reboot", List.of(6), Duration.ofMillis(200), "",
                Duration.ofSeconds(30));
        ConfigException e = assertThrows(ConfigException.class, () -> new CommandProbeCapture(s, CLOCK));
        assertEquals("wifi-interface", e.key());
    }

    @Test
    void wifi_off_reports_off_and_starts_nothing() {
        HalSettings.WifiSettings s = new HalSettings.WifiSettings(false, "wlan1", List.of(6), Duration.ofMillis(200), "", Duration.ofSeconds(30));
        capture = new CommandProbeCapture(s, CLOCK);
        capture.start(recorder);
        assertEquals(Status.OFF, capture.state().status());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("footfall-capture")));
    }

    private static HalSettings.WifiSettings settings(String command, Duration quietAfter) {
        return new HalSettings.WifiSettings(true, "wlan1", List.of(6), Duration.ofMillis(200), command, quietAfter);
    }

    private static Path capture(Path file, int probes) throws Exception {
        try (OutputStream os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os)) {
            byte[] ies = InformationElements.builder().ssid("").supportedRates(2, 4, 11, 22).build();
            for (int i = 0; i < probes; i++) {
                w.writeProbe(1_700_000_000_000_000_000L + i * 1_000_000L,
                        new PcapWriter.ProbeFrame(0x0200_0000_0100L + i, i, false, ies), PcapWriter.Radio.signal(-50));
            }
        }
        return file;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static void assertNoChildProcessesOrThreads() {
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(), "child processes left");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("footfall-capture")), "capture threads left");
    }

    static final class Recorder implements ProbeListener {
        final AtomicLong probes = new AtomicLong();
        final AtomicLong lastT = new AtomicLong();
        final List<CaptureState> states = new CopyOnWriteArrayList<>();

        @Override
        public void onProbe(ProbeRequest probe) {
            probes.incrementAndGet();
            lastT.set(probe.tNanos());
        }

        @Override
        public void onCaptureState(CaptureState state) {
            states.add(state);
        }
    }

    static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}

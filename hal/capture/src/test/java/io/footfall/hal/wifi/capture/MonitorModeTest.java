package io.footfall.hal.wifi.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** iw and ip are faked here (nothing real can stand in for a radio); /sys/class/net is a temp directory. */
class MonitorModeTest {
    @TempDir
    Path sys;

    private final List<String> ran = new CopyOnWriteArrayList<>();

    private MonitorMode.Commands answering(Function<String, MonitorMode.Execution> answer) {
        return argv -> {
            String cmd = String.join(" ", argv);
            ran.add(cmd);
            return answer.apply(cmd);
        };
    }

    private static final MonitorMode.Execution OK = new MonitorMode.Execution(0, "");

    @Test
    void a_missing_interface_is_reported_without_running_anything() {
        MonitorMode m = new MonitorMode("wlan1", sys, answering(c -> OK));
        assertEquals(MonitorMode.Outcome.INTERFACE_MISSING, m.prepare(List.of(6)).outcome());
        assertTrue(ran.isEmpty());
    }

    @Test
    void a_managed_interface_is_switched_to_monitor_mode_and_tuned() throws Exception {
        iface("wlan1", "1");
        MonitorMode m = new MonitorMode("wlan1", sys, answering(c -> OK));
        assertEquals(MonitorMode.Outcome.READY, m.prepare(List.of(11, 1)).outcome());
        assertEquals(List.of("ip link set wlan1 down", "iw dev wlan1 set type monitor", "ip link set wlan1 up",
                "iw dev wlan1 set channel 11"), ran);
    }

    @Test
    void an_interface_already_in_monitor_mode_is_only_tuned() throws Exception {
        iface("mon0", "803");
        MonitorMode m = new MonitorMode("mon0", sys, answering(c -> OK));
        assertEquals(MonitorMode.Outcome.READY, m.prepare(List.of(6)).outcome());
        assertEquals(List.of("iw dev mon0 set channel 6"), ran);
    }

    @Test
    void a_card_without_monitor_mode_is_reported_as_such() throws Exception {
        iface("wlan0", "1");
        MonitorMode m = new MonitorMode("wlan0", sys, answering(c -> c.contains("type monitor")
                ? new MonitorMode.Execution(161, "command failed: Operation not supported (-95)") : OK));
        MonitorMode.Result r = m.prepare(List.of(6));
        assertEquals(MonitorMode.Outcome.MONITOR_UNSUPPORTED, r.outcome());
        assertTrue(r.detail().contains("Operation not supported"));
        assertTrue(ran.contains("ip link set wlan0 up"), "the interface is brought back up");
    }

    @Test
    void missing_privileges_name_the_capability_to_grant() throws Exception {
        iface("wlan1", "1");
        MonitorMode m = new MonitorMode("wlan1", sys, answering(c -> new MonitorMode.Execution(2, "RTNETLINK answers: Operation not permitted")));
        MonitorMode.Result r = m.prepare(List.of(6));
        assertEquals(MonitorMode.Outcome.FAILED, r.outcome());
        assertTrue(r.detail().contains("CAP_NET_ADMIN"), r.detail());
    }

    @Test
    void hopping_visits_every_channel_with_the_dwell_and_stops_when_closed() throws Exception {
        iface("mon0", "803");
        MonitorMode m = new MonitorMode("mon0", sys, answering(c -> OK));
        AutoCloseable hop = m.hop(List.of(1, 6, 11), Duration.ofMillis(20));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ran.size() < 7 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        hop.close(); // interrupts the hopping thread and joins it
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().equals("footfall-channel-hop")), "no hops after close: the hopping thread has ended");
        assertEquals(List.of("iw dev mon0 set channel 6", "iw dev mon0 set channel 11", "iw dev mon0 set channel 1",
                "iw dev mon0 set channel 6"), ran.subList(0, 4));
    }

    private void iface(String name, String type) throws Exception {
        Files.createDirectories(sys.resolve(name));
        Files.writeString(sys.resolve(name).resolve("type"), type + "\n");
    }
}

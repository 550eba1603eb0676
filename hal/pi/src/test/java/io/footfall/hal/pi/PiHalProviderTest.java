package io.footfall.hal.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.SystemNodeClock;
import io.footfall.hal.beam.PassageSpec;
import io.footfall.hal.spi.DiagCheck;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.spi.HalProvider;
import io.footfall.hal.spi.HalSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PiHalProviderTest {
    private static HalSettings settings(Map<String, String> options) {
        return new HalSettings(List.of(), new HalSettings.WifiSettings(false, "wlan1", List.of(1), Duration.ofMillis(500), "", Duration.ofMinutes(5)),
                Path.of("/tmp"), 0, options);
    }

    @Test
    void the_pi_provider_is_found_by_its_name() {
        assertTrue(ServiceLoader.load(HalProvider.class).stream().anyMatch(p -> p.get() instanceof PiHalProvider && p.get().name().equals("pi")));
    }

    @Test
    void a_node_without_passages_or_monitor_capture_has_no_sensor_to_check() {
        assertEquals(List.of(), new PiHalProvider().diagnose(settings(Map.of())));
        HalSettings command = new HalSettings(List.of(), new HalSettings.WifiSettings(true, "wlan1", List.of(1), Duration.ofMillis(500),
                "cat capture.pcap", Duration.ofMinutes(5)), Path.of("/tmp"), 0, Map.of());
        assertEquals(List.of(), new PiHalProvider().diagnose(command), "a capture command tunes the radio itself");
    }

    @Test
    void diag_checks_the_gpio_device_the_monitor_interface_and_the_capture_tools() {
        HalSettings s = new HalSettings(List.of(new PassageSpec("door-1", 17, 27)), new HalSettings.WifiSettings(true, "ffnosuch0", List.of(1),
                Duration.ofMillis(500), "", Duration.ofMinutes(5)), Path.of("/tmp"), 0, Map.of());
        List<DiagCheck> checks = new PiHalProvider().diagnose(s);
        assertEquals(List.of("gpio", "wifi-interface", "tcpdump", "iw"), checks.stream().map(DiagCheck::name).toList());
        boolean chip = Files.exists(Path.of("/dev/gpiochip0")) || Files.exists(Path.of("/dev/gpiochip4"));
        assertEquals(chip ? DiagCheck.Status.PASS : DiagCheck.Status.FAIL, checks.get(0).status(), checks.get(0).detail());
        assertEquals(new DiagCheck("wifi-interface", DiagCheck.Status.FAIL,
                "ffnosuch0 not found: plug in the monitor-mode adapter or set wifi-interface"), checks.get(1));
    }

    @Test
    void a_node_without_passages_opens_without_touching_gpio() {
        try (Hal hal = new PiHalProvider().open(settings(Map.of()))) {
            assertEquals(List.of(), hal.beams().passages());
            assertTrue(hal.wifi().isEmpty());
            assertTrue(hal.clock() instanceof SystemNodeClock);
        }
    }
}

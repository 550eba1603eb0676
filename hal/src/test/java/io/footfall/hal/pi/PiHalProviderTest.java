package io.footfall.hal.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.SystemNodeClock;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.spi.HalProvider;
import io.footfall.hal.spi.HalSettings;
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
    void a_node_without_passages_opens_without_touching_gpio() {
        try (Hal hal = new PiHalProvider().open(settings(Map.of()))) {
            assertEquals(List.of(), hal.beams().passages());
            assertTrue(hal.wifi().isEmpty());
            assertTrue(hal.clock() instanceof SystemNodeClock);
        }
    }
}

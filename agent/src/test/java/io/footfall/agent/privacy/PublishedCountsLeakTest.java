package io.footfall.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.wifi.WifiSection;
import io.footfall.sim.TrafficProfile;
import io.footfall.sim.wifi.PhoneCrowd;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unit-level half of the leak test: what the privacy engine hands on for publishing holds no address. */
class PublishedCountsLeakTest {
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void an_hour_of_published_wifi_figures_holds_none_of_the_addresses_heard() {
        PhoneCrowd crowd = new PhoneCrowd(TrafficProfile.flat(600), t -> t / 1_000_000L, 0.7, 77, 0);
        Set<Long> heard = new HashSet<>();
        ByteArrayOutputStream published = new ByteArrayOutputStream();
        StringBuilder shown = new StringBuilder();
        PrivacySettings[] settings = {PrivacySettings.DEFAULTS,
            new PrivacySettings(OptionalInt.of(-80), 3, OptionalDouble.of(1))};
        for (int w = 0; w < 12; w++) {
            try (WifiWindow window = new WifiWindow(new SecureRandom(), settings[w % 2])) {
                for (PhoneCrowd.Heard h : crowd.window(w * 5 * MINUTE, (w + 1) * 5 * MINUTE)) {
                    heard.add(h.probe().source());
                    window.add(h.probe());
                }
                WifiCounts c = window.counts();
                published.writeBytes(CountsJson.write(CountsJson.section(WifiSection.of(c))));
                shown.append(c).append(window).append('\n');
            }
        }
        AddressLeakScanner scanner = new AddressLeakScanner(heard);
        assertEquals(List.of(), scanner.scan("published", published.toByteArray()));
        assertEquals(List.of(), scanner.scan("toString", shown.toString()));

        // the same scan does find an address that does leak: this test can fail
        long one = heard.iterator().next();
        byte[] leaky = (new String(published.toByteArray(), StandardCharsets.UTF_8) + String.format("%012x", one)).getBytes(StandardCharsets.UTF_8);
        assertFalse(scanner.scan("planted", leaky).isEmpty());
    }
}

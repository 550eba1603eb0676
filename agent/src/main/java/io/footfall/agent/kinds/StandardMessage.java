package io.footfall.agent.kinds;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.CountsMessage.WindowInfo;
import io.footfall.agent.counts.CountsSection;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.counts.beam.BeamKind;
import io.footfall.agent.counts.wifi.WifiKind;
import io.footfall.agent.counts.wifi.WifiSection;
import io.footfall.agent.privacy.WifiCounts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A counts message of the standard kinds (crossings, then Wi-Fi), built from their figures as one
 * closed window, for the simulated fleet and the tests: the core {@link CountsMessage} knows no
 * concrete kind, so their sections are put together here, beside their registration.
 */
public final class StandardMessage {
    private StandardMessage() {}

    /**
     * One closed window in the compact encoding: {@code coverage.of} left out (it is the window's
     * length, checked), the Wi-Fi capture's share written only where it differs from its default
     * ({@link WifiSection#of}).
     */
    public static CountsMessage window(String site, String node, String id, long seq, WindowInfo window, BeamCounts beam,
            Optional<WifiCounts> wifi, Coverage coverage) {
        Map<String, CountsSection> sections = new LinkedHashMap<>();
        sections.put(BeamKind.KEY, Objects.requireNonNull(beam, "beam"));
        wifi.ifPresent(w -> sections.put(WifiKind.KEY, WifiSection.of(w, coverage)));
        return new CountsMessage(site, node, id, seq, Optional.empty(), window,
                Optional.of(CountsMessage.Watched.single(window, coverage)), sections);
    }
}

package io.footfall.agent.window.wifi;

import io.footfall.agent.counts.CountsSection;
import io.footfall.agent.window.OpenWindow;
import io.footfall.agent.window.WindowPart;
import io.footfall.agent.privacy.WifiWindow;
import java.util.Optional;

/** One window's Wi-Fi: its salted hashes, the probes it took in and how long the capture ran. */
final class WifiPart implements WindowPart {
    final WifiWindow wifi;
    /** Probe requests taken into this window (all of them, before any RSSI floor). */
    long probes;
    /** Wall milliseconds of this window during which the Wi-Fi capture was running and delivering frames. */
    long capturingMillis;
    private final OpenWindow window;
    private final WifiCounting owner;

    WifiPart(WifiWindow wifi, OpenWindow window, WifiCounting owner) {
        this.wifi = wifi;
        this.window = window;
        this.owner = owner;
    }

    @Override
    public Optional<CountsSection> close(long countingMillis) {
        return Optional.of(owner.close(this, window, countingMillis));
    }

    @Override
    public void discard() {
        wifi.close();
    }
}

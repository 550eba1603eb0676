package io.footfall.hal.spi;

import io.footfall.hal.beam.PassageSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider needs to open the hardware.
 *
 * @param passages beam passages; empty when the node has no beams
 * @param wifi Wi-Fi capture settings
 * @param dataDir the node's data directory
 * @param resumeAfterMillis wall time (epoch ms) at which the last closed window ended, or 0; a
 *     simulated clock starts no earlier than this, so a restarted simulation carries on after it
 * @param options every setting by its key, for provider-specific ones such as {@code sim-speed};
 *     a provider validates the keys it reads and ignores the rest
 */
public record HalSettings(
        List<PassageSpec> passages,
        WifiSettings wifi,
        Path dataDir,
        long resumeAfterMillis,
        Map<String, String> options) {

    public HalSettings {
        passages = List.copyOf(passages);
        Objects.requireNonNull(wifi, "wifi");
        Objects.requireNonNull(dataDir, "dataDir");
        options = Map.copyOf(options);
    }

    /**
     * @param enabled false for {@code --wifi off}
     * @param iface the monitor-mode interface, e.g. {@code wlan1}
     * @param channels channels to hop over; one channel means no hopping
     * @param dwell time on each channel while hopping
     * @param captureCommand a shell command whose stdout is a pcap stream, or empty for tcpdump on {@code iface}
     * @param quietAfter after this long without a frame the capture reports itself quiet
     */
    public record WifiSettings(
            boolean enabled, String iface, List<Integer> channels, Duration dwell, String captureCommand, Duration quietAfter) {
        public WifiSettings {
            Objects.requireNonNull(iface, "iface");
            channels = List.copyOf(channels);
            Objects.requireNonNull(dwell, "dwell");
            Objects.requireNonNull(captureCommand, "captureCommand");
            Objects.requireNonNull(quietAfter, "quietAfter");
        }
    }
}

package io.footfall.agent.kinds;

import io.footfall.agent.counts.SectionKind;
import io.footfall.agent.counts.wifi.WifiKind;
import io.footfall.agent.health.HealthKind;
import io.footfall.agent.health.HealthSource;
import io.footfall.agent.health.KindWindow;
import io.footfall.agent.health.WifiHealth;
import io.footfall.agent.health.WifiSoFar;
import io.footfall.agent.window.NodeKind;
import io.footfall.agent.window.wifi.WifiCounting;
import io.footfall.hal.wifi.CaptureState;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Wi-Fi probe requests: counted when the hardware has a probe capture; health shows the capture's
 * state ({@code off} without one) and the probe requests per second since the previous snapshot.
 */
final class WifiSensorKind implements SensorKind {
    private static final CaptureState OFF = CaptureState.of(CaptureState.Status.OFF, "off");

    private final WifiKind section = new WifiKind();

    @Override
    public SectionKind<?> section() {
        return section;
    }

    @Override
    public Optional<HealthKind<?>> health() {
        return Optional.of(WifiHealth.KIND);
    }

    @Override
    public OnNode on(KindContext on) {
        Optional<WifiCounting> counting = on.hal().wifi().map(w -> new WifiCounting(w, on.privacy(), on.hal().clock()));
        return new OnNode(counting.map(c -> (NodeKind<?>) c), Optional.of(new Health(counting)));
    }

    /** The capture's state and probe rate, read from the pipeline's counters; the window's probes (0 without a capture). */
    private record Health(Optional<WifiCounting> counting) implements HealthSource<WifiHealth> {
        @Override
        public Optional<KindWindow> windowSoFar() {
            return Optional.of(new WifiSoFar(counting.map(WifiCounting::publishedProbes).orElse(0L)));
        }

        @Override
        public HealthKind<WifiHealth> kind() {
            return WifiHealth.KIND;
        }

        @Override
        public Supplier<WifiHealth> reader() {
            return new Supplier<>() {
                private long lastProbes;
                private long lastAtNanos = System.nanoTime();

                @Override
                public WifiHealth get() {
                    long now = System.nanoTime();
                    long probes = counting.map(WifiCounting::probesSeen).orElse(0L);
                    double seconds = Math.max(1e-3, (now - lastAtNanos) / 1e9);
                    double probesPerSecond = (probes - lastProbes) / seconds;
                    lastProbes = probes;
                    lastAtNanos = now;
                    return WifiHealth.of(counting.map(WifiCounting::captureState).orElse(OFF), Math.round(probesPerSecond * 10) / 10.0);
                }
            };
        }
    }
}

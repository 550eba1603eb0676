package io.footfall.hal.pi;

import io.footfall.hal.NodeClock;
import io.footfall.hal.SystemNodeClock;
import io.footfall.hal.beam.BeamListener;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.beam.PassageSpec;
import io.footfall.hal.beam.gpio.GpioBeamSensor;
import io.footfall.hal.beam.gpio.GpioSettings;
import io.footfall.hal.spi.DiagCheck;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.spi.HalProvider;
import io.footfall.hal.spi.HalSettings;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.capture.CommandProbeCapture;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code hal=pi}: a Raspberry Pi counting node. The system clock, beams on GPIO through Pi4J's gpiod
 * provider (settings {@code gpio-pull}, {@code gpio-active}, {@code gpio-debounce}, see
 * {@link GpioSettings}), and the Wi-Fi capture. A node with no passage configured never touches GPIO.
 */
public final class PiHalProvider implements HalProvider {
    @Override
    public String name() {
        return "pi";
    }

    @Override
    public Set<String> keys() {
        return GpioSettings.KEYS;
    }

    @Override
    public void check(HalSettings settings) {
        GpioSettings.fromOptions(settings.options());
    }

    @Override
    public List<DiagCheck> diagnose(HalSettings settings) {
        return PiChecks.of(settings);
    }

    @Override
    public Hal open(HalSettings settings) {
        GpioSettings gpio = GpioSettings.fromOptions(settings.options());
        NodeClock clock = new SystemNodeClock();
        BeamSensor beams = settings.passages().isEmpty() ? new NoBeams() : GpioBeamSensor.open(settings.passages(), gpio, clock);
        Optional<ProbeCapture> wifi = settings.wifi().enabled()
                ? Optional.of(new CommandProbeCapture(settings.wifi(), clock))
                : Optional.empty();
        return new PiHal(clock, beams, wifi);
    }

    private record PiHal(NodeClock clock, BeamSensor beams, Optional<ProbeCapture> wifi) implements Hal {
        @Override
        public void close() {
            wifi.ifPresent(ProbeCapture::close);
            beams.close();
        }
    }

    /** A node without beams. */
    private static final class NoBeams implements BeamSensor {
        @Override
        public List<PassageSpec> passages() {
            return List.of();
        }

        @Override
        public void start(BeamListener listener) {}

        @Override
        public void close() {}
    }
}

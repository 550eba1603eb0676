package io.footfall.hal.wifi.capture;

import io.footfall.hal.Backoff;
import io.footfall.hal.spi.HalSettings;
import io.footfall.hal.wifi.ProbeCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/** The {@link ProbeCaptureContract} run against the capture implementations in hal. */
class CaptureContractTests {
    @Nested
    class CommandProbeCaptureContract extends ProbeCaptureContract {
        @Override
        protected ProbeCapture open(Path file) {
            HalSettings.WifiSettings s = new HalSettings.WifiSettings(true, "wlan1", List.of(6), Duration.ofMillis(200),
                    "cat '" + file + "'", Duration.ofSeconds(30));
            return new CommandProbeCapture(s, clock, new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)), Optional.empty());
        }
    }

    @Nested
    class StreamProbeCaptureContract extends ProbeCaptureContract {
        @Override
        protected ProbeCapture open(Path file) {
            return new StreamProbeCapture(() -> {
                try {
                    return Files.newInputStream(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, clock);
        }
    }
}

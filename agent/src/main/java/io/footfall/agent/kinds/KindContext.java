package io.footfall.agent.kinds;

import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.hal.spi.Hal;
import java.util.Objects;

/**
 * What a {@link SensorKind} builds its pipeline on: the node's hardware and the settings of the
 * standard kinds ({@code beam-*}, {@code wifi-*}). A kind with sensors of its own (a test's fake
 * counter) may ignore it.
 */
public record KindContext(Hal hal, DecoderSettings decoder, PrivacySettings privacy) {
    public KindContext {
        Objects.requireNonNull(hal, "hal");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(privacy, "privacy");
    }
}

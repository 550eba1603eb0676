package io.footfall.agent.health;

import io.footfall.hal.spi.DiagCheck;
import io.footfall.hal.wifi.CaptureState;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The Wi-Fi section of a health snapshot ({@code wifi}): the capture's state, what it says about
 * itself and the probe requests per second since the previous snapshot. The Wi-Fi sensor kind's own
 * part, kept apart from the others so a kind can bring its own.
 *
 * @param state the capture's {@link CaptureState.Status} in lower case ({@code running}, {@code quiet}, ...)
 * @param detail what the capture says about itself; left out of the compact form while {@code running}
 *     (it then only says how it reads)
 */
public record WifiHealth(String state, Optional<String> detail, double probesPerSecond) implements KindHealth {
    /** Its key and type, always there ({@code off} on a node without a capture). */
    public static final HealthKind<WifiHealth> KIND = new HealthKind<>("wifi", WifiHealth.class, true, Optional.of(WifiSoFar.class));

    public WifiHealth {
        Objects.requireNonNull(state, "wifi.state");
        Objects.requireNonNull(detail, "wifi.detail");
    }

    public static WifiHealth of(CaptureState capture, double probesPerSecond) {
        return new WifiHealth(capture.status().name().toLowerCase(Locale.ROOT), Optional.of(capture.detail()), probesPerSecond);
    }

    /** {@code detail} left out while {@code running}. */
    @Override
    public WifiHealth compact() {
        return state.equals("running") ? new WifiHealth(state, Optional.empty(), probesPerSecond) : this;
    }

    /** The capture's state. */
    @Override
    public String stateSignature() {
        return state;
    }

    /** One line, {@code wifi-capture}: a warning unless the capture runs (or is off on purpose). */
    @Override
    public List<DiagCheck> diagChecks() {
        String says = state + detail.filter(d -> !d.equalsIgnoreCase(state)).map(d -> " (" + d + ")").orElse("");
        boolean fine = state.equals("running") || state.equals("off") || state.equals("starting");
        return List.of(new DiagCheck("wifi-capture", fine ? DiagCheck.Status.PASS : DiagCheck.Status.WARN,
                says + ", " + probesPerSecond + " probes/s" + (fine ? "" : ": Wi-Fi figures cover only the time it ran (coverage.wifi)")));
    }

    @Override
    public List<String> watchLines() {
        return List.of(String.format("wifi     %s (%s)   %s probes/s", state, detail.orElse(""), probesPerSecond));
    }
}

package io.footfall.agent.health;

/**
 * The probe requests the window now open took in ({@code window.probes}; 0 on a node without a
 * capture). Wi-Fi device figures exist only once the window closes.
 */
public record WifiSoFar(long probes) implements KindWindow {
    @Override
    public String summary() {
        return String.format("probes %s", probes);
    }
}

package io.footfall.agent.kinds;

import io.footfall.agent.counts.SectionKind;
import io.footfall.agent.counts.wifi.WifiKind;
import io.footfall.agent.node.NodeKind;
import io.footfall.agent.node.wifi.WifiCounting;
import java.util.Optional;

/** Wi-Fi probe requests: counted when the hardware has a probe capture. */
final class WifiSensorKind implements SensorKind {
    private final WifiKind section = new WifiKind();

    @Override
    public SectionKind<?> section() {
        return section;
    }

    @Override
    public Optional<NodeKind<?>> count(KindContext on) {
        return on.hal().wifi().<NodeKind<?>>map(w -> new WifiCounting(w, on.privacy(), on.hal().clock()));
    }
}

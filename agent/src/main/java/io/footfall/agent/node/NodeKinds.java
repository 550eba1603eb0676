package io.footfall.agent.node;

import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.node.beam.BeamCounting;
import io.footfall.agent.node.wifi.WifiCounting;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.hal.spi.Hal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sensor kinds one node counts, in the order their sections are written: the one registration
 * of a kind on the node ({@link #standard} in main code, {@link #with} in a test). Crossings are
 * always there (every counts message has {@code beam}, with no passages if the node has none);
 * Wi-Fi when the HAL has a probe capture.
 */
public final class NodeKinds {
    private final BeamCounting beam;
    private final Optional<WifiCounting> wifi;
    private final List<NodeKind<?>> more;

    private NodeKinds(BeamCounting beam, Optional<WifiCounting> wifi, List<NodeKind<?>> more) {
        this.beam = beam;
        this.wifi = wifi;
        this.more = List.copyOf(more);
    }

    /** The node's own kinds, on the sensors {@code hal} offers. */
    public static NodeKinds standard(Hal hal, DecoderSettings decoder, PrivacySettings privacy) {
        return new NodeKinds(new BeamCounting(hal.beams(), decoder, hal.clock()),
                hal.wifi().map(w -> new WifiCounting(w, privacy, hal.clock())), List.of());
    }

    /** These kinds and {@code kind}, whose section is written after theirs. */
    public NodeKinds with(NodeKind<?> kind) {
        List<NodeKind<?>> all = new ArrayList<>(more);
        all.add(kind);
        return new NodeKinds(beam, wifi, all);
    }

    BeamCounting beam() {
        return beam;
    }

    Optional<WifiCounting> wifi() {
        return wifi;
    }

    List<NodeKind<?>> all() {
        List<NodeKind<?>> all = new ArrayList<>();
        all.add(beam);
        wifi.ifPresent(all::add);
        all.addAll(more);
        return all;
    }
}

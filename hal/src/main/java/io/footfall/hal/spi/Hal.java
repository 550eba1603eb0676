package io.footfall.hal.spi;

import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.wifi.ProbeCapture;
import java.util.Optional;

/** The hardware of one node as the agent sees it: a clock, beams, and maybe a Wi-Fi capture. */
public interface Hal extends AutoCloseable {
    NodeClock clock();

    /** The beams; a sensor with no passages when the node has none. */
    BeamSensor beams();

    /** Empty when Wi-Fi counting is off. */
    Optional<ProbeCapture> wifi();

    @Override
    void close();
}

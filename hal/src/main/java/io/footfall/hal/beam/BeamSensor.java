package io.footfall.hal.beam;

import java.util.List;

/** The break-beams of every passage on a node. */
public interface BeamSensor extends AutoCloseable {
    /** The passages this sensor watches, in configuration order. */
    List<PassageSpec> passages();

    /** Starts delivering edges; the current state of each beam is delivered first as an edge. */
    void start(BeamListener listener);

    /** Stops delivering edges and releases the hardware. Idempotent. */
    @Override
    void close();
}

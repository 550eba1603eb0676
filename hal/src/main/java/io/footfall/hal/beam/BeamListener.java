package io.footfall.hal.beam;

/** Receives raw edges. Called on the sensor's own thread: enqueue and return. */
@FunctionalInterface
public interface BeamListener {
    void onEdge(BeamEdge edge);
}

package io.footfall.hal.wifi;

/** Receives probe requests and changes of capture state. Called on the capture's thread: enqueue and return. */
public interface ProbeListener {
    void onProbe(ProbeRequest probe);

    /** The capture changed state (started, process died, nothing heard, …). */
    default void onCaptureState(CaptureState state) {}
}

package io.footfall.hal.wifi;

/** Receives probe requests and changes of capture state. Called on the capture's thread: enqueue and return. */
public interface ProbeListener {
    void onProbe(ProbeRequest probe);

    /**
     * The capture changed state (started, process died, nothing heard, …). Called as the change
     * happens, so the listener may stamp it with its own clock: the agent times the capture's
     * running spans this way.
     */
    default void onCaptureState(CaptureState state) {}
}

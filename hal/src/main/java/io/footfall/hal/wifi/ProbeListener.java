package io.footfall.hal.wifi;

import java.util.List;

/** Receives probe requests and changes of capture state. Called on the capture's thread: enqueue and return. */
public interface ProbeListener {
    void onProbe(ProbeRequest probe);

    /**
     * Several probe requests at once, in the order heard: a capture that parses its stream in
     * reads hands over each read's probes together, so that a queue behind the listener is touched
     * once per read rather than once per frame. The list is immutable; by default each probe goes
     * to {@link #onProbe}.
     */
    default void onProbes(List<ProbeRequest> probes) {
        for (ProbeRequest p : probes) {
            onProbe(p);
        }
    }

    /**
     * The capture changed state (started, process died, nothing heard, …). Called as the change
     * happens, so the listener may stamp it with its own clock: the agent times the capture's
     * running spans this way.
     */
    default void onCaptureState(CaptureState state) {}
}

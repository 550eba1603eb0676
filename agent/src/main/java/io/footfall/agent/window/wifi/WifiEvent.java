package io.footfall.agent.window.wifi;

import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.ProbeRequest;
import java.util.List;

/** What the probe capture hands the pipeline. */
public sealed interface WifiEvent {
    /** The probes of one read of the capture, queued as one event. */
    record Probes(List<ProbeRequest> list) implements WifiEvent {}

    /** A change of capture state, stamped when the capture reported it (it reports at the change). */
    record CaptureChange(long tNanos, CaptureState state) implements WifiEvent {}
}

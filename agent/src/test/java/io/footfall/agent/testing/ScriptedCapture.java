package io.footfall.agent.testing;

import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.CaptureState.Status;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.ProbeRequest;
import java.util.List;

/** A capture whose probes and states the test reports, hopping over the channels it is given. */
public final class ScriptedCapture implements ProbeCapture {
    private final List<Integer> channels;
    private volatile ProbeListener listener;
    private volatile CaptureState state = CaptureState.of(Status.OFF, "not started");

    public ScriptedCapture(List<Integer> channels) {
        this.channels = List.copyOf(channels);
    }

    @Override
    public void start(ProbeListener l) {
        listener = l;
    }

    public void probes(List<ProbeRequest> probes) {
        listener.onProbes(probes);
    }

    public void report(Status status) {
        state = CaptureState.of(status, status.name());
        listener.onCaptureState(state);
    }

    @Override
    public CaptureState state() {
        return state;
    }

    @Override
    public List<Integer> channels() {
        return channels;
    }

    @Override
    public void close() {}
}

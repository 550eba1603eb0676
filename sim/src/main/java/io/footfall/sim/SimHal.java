package io.footfall.sim;

import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.wifi.ProbeCapture;
import java.util.Optional;

/** A simulated node. {@link #truth()} is for tests and benchmarks; the agent never sees this type. */
public final class SimHal implements Hal {
    private final SimClock clock;
    private final NodeClock agentClock;
    private final BeamSensor beams;
    private final Optional<ProbeCapture> wifi;
    private final Optional<GroundTruth> truth;

    SimHal(SimClock clock, NodeClock agentClock, BeamSensor beams, Optional<ProbeCapture> wifi, Optional<GroundTruth> truth) {
        this.clock = clock;
        this.agentClock = agentClock;
        this.beams = beams;
        this.wifi = wifi;
        this.truth = truth;
    }

    @Override
    public NodeClock clock() {
        return agentClock;
    }

    public SimClock simClock() {
        return clock;
    }

    @Override
    public BeamSensor beams() {
        return beams;
    }

    @Override
    public Optional<ProbeCapture> wifi() {
        return wifi;
    }

    /** What really happened, when opened with truth recording on. */
    public Optional<GroundTruth> truth() {
        return truth;
    }

    @Override
    public void close() {
        wifi.ifPresent(ProbeCapture::close);
        beams.close();
    }
}

package io.footfall.sim;

import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.wifi.ProbeCapture;
import java.util.Optional;

/** A simulated node. {@link #truth()} is for tests and benchmarks; the agent never sees this type. */
public final class SimHal implements Hal {
    private final SimClock clock;
    private final BeamSensor beams;
    private final Optional<ProbeCapture> wifi;
    private final Optional<GroundTruth> truth;

    SimHal(SimClock clock, BeamSensor beams, Optional<ProbeCapture> wifi, Optional<GroundTruth> truth) {
        this.clock = clock;
        this.beams = new BeamSensor() {
            @Override
            public java.util.List<io.footfall.hal.beam.PassageSpec> passages() {
                return beams.passages();
            }

            @Override
            public void start(io.footfall.hal.beam.BeamListener listener) {
                clock.start();
                beams.start(listener);
            }

            @Override
            public void close() {
                beams.close();
            }
        };
        this.wifi = wifi.map(w -> new ProbeCapture() {
            @Override
            public void start(io.footfall.hal.wifi.ProbeListener listener) {
                clock.start();
                w.start(listener);
            }

            @Override
            public io.footfall.hal.wifi.CaptureState state() {
                return w.state();
            }

            @Override
            public void close() {
                w.close();
            }
        });
        this.truth = truth;
    }

    @Override
    public NodeClock clock() {
        return clock;
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

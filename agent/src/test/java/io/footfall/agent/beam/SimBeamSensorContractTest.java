package io.footfall.agent.beam;

import io.footfall.hal.beam.BeamSensor;
import io.footfall.sim.SimClock;
import io.footfall.sim.TrafficProfile;
import io.footfall.sim.beam.CrowdSettings;
import io.footfall.sim.beam.SimBeamSensor;
import java.util.Optional;

/** The simulated sensor, 50 times faster than real time, 3,600 people an hour per passage. */
class SimBeamSensorContractTest extends BeamSensorContract {
    @Override
    BeamSensor open() {
        return new SimBeamSensor(PASSAGES, new SimClock(0, 50), TrafficProfile.flat(3600), CrowdSettings.DEFAULTS.withNoise(1), 1,
                Optional.empty());
    }

    @Override
    void stimulate(int n) {
        // people keep coming: about 200 edges per real second
    }
}

package io.footfall.agent.beam;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import io.footfall.hal.SystemNodeClock;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.beam.gpio.GpioBeamSensor;
import io.footfall.hal.beam.gpio.GpioSettings;

/** The GPIO sensor on Pi4J's mock pins. */
class GpioBeamSensorContractTest extends BeamSensorContract {
    private final Context pi4j = Pi4J.newContextBuilder().add(MockDigitalInputProvider.newInstance()).build();
    private final int[] pins = {17, 27, 5, 6};
    private int toggles;

    @Override
    BeamSensor open() {
        return new GpioBeamSensor(pi4j, PASSAGES, GpioSettings.DEFAULTS, new SystemNodeClock());
    }

    @Override
    void stimulate(int n) {
        for (int i = 0; i < n; i++, toggles++) {
            MockDigitalInput pin = pi4j.io("footfall-gpio-" + pins[toggles % 4], MockDigitalInput.class);
            pin.mockState(pin.state() == DigitalState.LOW ? DigitalState.HIGH : DigitalState.LOW);
        }
    }

    @Override
    void release() {
        pi4j.shutdown();
    }
}

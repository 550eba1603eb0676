package io.footfall.agent.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.beam.PassageSpec;
import io.footfall.hal.beam.gpio.GpioBeamSensor;
import io.footfall.hal.beam.gpio.GpioSettings;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Pi4J mock pins through the GPIO sensor that runs on a Pi, into the decoder: one person counted. */
class GpioToCrossingTest {
    private static final long MS = 1_000_000L;

    @Test
    void a_person_walking_through_mock_pins_is_counted_in() throws Exception {
        AtomicLong now = new AtomicLong();
        NodeClock clock = new NodeClock() {
            @Override public long wallMillis() { return 0; }
            @Override public long monoNanos() { return now.get(); }
            @Override public boolean synced() { return true; }
            @Override public long realNanosUntil(long wallMillis) { return 0; }
        };
        Context pi4j = Pi4J.newContextBuilder().add(MockDigitalInputProvider.newInstance()).build();
        BlockingQueue<BeamEdge> queue = new LinkedBlockingQueue<>();
        BlockingQueue<Crossing> crossings = new LinkedBlockingQueue<>();
        try (GpioBeamSensor sensor = new GpioBeamSensor(pi4j, List.of(PassageSpec.parse("door-1=17,27")), GpioSettings.DEFAULTS, clock)) {
            MockDigitalInput a = pi4j.io("footfall-gpio-17", MockDigitalInput.class);
            MockDigitalInput b = pi4j.io("footfall-gpio-27", MockDigitalInput.class);
            a.mockState(DigitalState.HIGH); // both beams received: clear
            b.mockState(DigitalState.HIGH);
            sensor.start(queue::add);
            PassageDecoder decoder = new PassageDecoder("door-1", DecoderSettings.DEFAULTS, crossings::add);
            step(now, 1000, () -> a.mockState(DigitalState.LOW));
            step(now, 1080, () -> b.mockState(DigitalState.LOW));
            step(now, 1081, () -> b.mockState(DigitalState.HIGH)); // chatter
            step(now, 1082, () -> b.mockState(DigitalState.LOW));
            step(now, 1220, () -> a.mockState(DigitalState.HIGH));
            step(now, 1300, () -> b.mockState(DigitalState.HIGH));
            for (int i = 0; i < 2 + 6; i++) {
                BeamEdge e = queue.poll(5, TimeUnit.SECONDS);
                decoder.onEdge(e);
            }
            decoder.tick(2000 * MS);
            assertEquals(List.of(new Crossing(1300 * MS, "door-1", Direction.IN)), List.copyOf(crossings));
        } finally {
            pi4j.shutdown();
        }
    }

    private static void step(AtomicLong now, long ms, Runnable r) {
        now.set(ms * MS);
        r.run();
    }
}

package io.footfall.hal.beam.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import io.footfall.hal.ConfigException;
import io.footfall.hal.HalException;
import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.beam.PassageSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives Pi4J's mock digital inputs through the same sensor code that runs on a Pi. */
class GpioBeamSensorTest {
    private static final PassageSpec DOOR = PassageSpec.parse("door-1=17,27");

    private final Context pi4j = Pi4J.newContextBuilder().add(MockDigitalInputProvider.newInstance()).build();
    private final AtomicLong now = new AtomicLong(1_000);
    private final NodeClock clock = new NodeClock() {
        @Override
        public long wallMillis() {
            return 0;
        }

        @Override
        public long monoNanos() {
            return now.get();
        }

        @Override
        public boolean synced() {
            return true;
        }

        @Override
        public long realNanosUntil(long wallMillis) {
            return 0;
        }
    };
    private final BlockingQueue<BeamEdge> edges = new LinkedBlockingQueue<>();
    private GpioBeamSensor sensor;

    @AfterEach
    void tearDown() {
        if (sensor != null) {
            sensor.close();
        }
        pi4j.shutdown();
    }

    private MockDigitalInput pin(int bcm) {
        return pi4j.io("footfall-gpio-" + bcm, MockDigitalInput.class);
    }

    private BeamEdge next() throws InterruptedException {
        BeamEdge e = edges.poll(5, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no edge within 5 s");
        }
        return e;
    }

    @Test
    void start_delivers_the_current_state_of_every_beam_first() throws Exception {
        sensor = new GpioBeamSensor(pi4j, List.of(DOOR), GpioSettings.DEFAULTS, clock);
        pin(27).mockState(DigitalState.HIGH); // beam B receives light; A (low) is broken
        sensor.start(edges::add);
        assertEquals(List.of(new BeamEdge(1_000, "door-1", Beam.A, true), new BeamEdge(1_000, "door-1", Beam.B, false)),
                List.of(next(), next()));
    }

    @Test
    void a_pin_change_becomes_an_edge_stamped_with_the_node_clock() throws Exception {
        sensor = new GpioBeamSensor(pi4j, List.of(DOOR), GpioSettings.DEFAULTS, clock);
        pin(17).mockState(DigitalState.HIGH);
        pin(27).mockState(DigitalState.HIGH);
        sensor.start(edges::add);
        next();
        next();
        now.set(5_000_000);
        pin(17).mockState(DigitalState.LOW);
        now.set(9_000_000);
        pin(17).mockState(DigitalState.HIGH);
        assertEquals(new BeamEdge(5_000_000, "door-1", Beam.A, true), next());
        assertEquals(new BeamEdge(9_000_000, "door-1", Beam.A, false), next());
    }

    @Test
    void pull_active_level_and_debounce_are_set_on_the_pins() throws Exception {
        GpioSettings s = GpioSettings.fromOptions(Map.of("gpio-pull", "down", "gpio-active", "high"));
        sensor = new GpioBeamSensor(pi4j, List.of(DOOR), s, clock);
        DigitalInput a = pin(17);
        assertEquals(PullResistance.PULL_DOWN, a.pull());
        assertEquals(0L, a.config().debounce(), "Pi4J's default 10 ms debounce must not apply");
        sensor.start(edges::add);
        assertFalse(next().broken()); // low reads clear when high means broken
        next();
        pin(27).mockState(DigitalState.HIGH);
        assertEquals(new BeamEdge(1_000, "door-1", Beam.B, true), next());
    }

    @Test
    void pi4j_debounce_latency_is_taken_off_the_stamp() throws Exception {
        sensor = new GpioBeamSensor(pi4j, List.of(DOOR), GpioSettings.fromOptions(Map.of("gpio-debounce", "500")), clock);
        assertEquals(500L, pin(17).config().debounce());
        sensor.start(edges::add);
        next();
        next();
        now.set(2_000_000);
        pin(17).mockState(DigitalState.HIGH);
        assertEquals(1_500_000, next().tNanos());
    }

    @Test
    void a_listener_that_throws_does_not_stop_delivery() throws Exception {
        sensor = new GpioBeamSensor(pi4j, List.of(DOOR), GpioSettings.DEFAULTS, clock);
        sensor.start(e -> {
            edges.add(e);
            throw new IllegalStateException("downstream bug");
        });
        next();
        next();
        pin(17).mockState(DigitalState.HIGH);
        assertEquals(new BeamEdge(1_000, "door-1", Beam.A, false), next());
    }

    @Test
    void several_passages_deliver_under_their_own_names() throws Exception {
        sensor = new GpioBeamSensor(pi4j, List.of(DOOR, PassageSpec.parse("door-2=5,6")), GpioSettings.DEFAULTS, clock);
        sensor.start(edges::add);
        for (int i = 0; i < 4; i++) {
            next();
        }
        pin(6).mockState(DigitalState.HIGH);
        assertEquals(new BeamEdge(1_000, "door-2", Beam.B, false), next());
    }

    @Test
    void a_pin_in_two_passages_is_refused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new GpioBeamSensor(pi4j, List.of(DOOR, PassageSpec.parse("door-2=27,22")), GpioSettings.DEFAULTS, clock));
        assertEquals("passage", e.key());
    }

    @Test
    void close_releases_the_pins_and_stops_delivery() throws Exception {
        sensor = new GpioBeamSensor(pi4j, List.of(DOOR), GpioSettings.DEFAULTS, clock);
        MockDigitalInput a = pin(17);
        sensor.start(edges::add);
        next();
        next();
        sensor.close();
        sensor.close();
        a.mockState(DigitalState.HIGH);
        assertNull(edges.poll(200, TimeUnit.MILLISECONDS));
        assertFalse(pi4j.registry().exists("footfall-gpio-17"));
        sensor = new GpioBeamSensor(pi4j, List.of(DOOR), GpioSettings.DEFAULTS, clock);
        assertTrue(pi4j.registry().exists("footfall-gpio-17"));
    }

    @Test
    void a_machine_without_gpio_is_refused_with_the_reason(@TempDir Path dev) {
        HalException e = assertThrows(HalException.class, () -> GpioBeamSensor.open(dev, List.of(DOOR), GpioSettings.DEFAULTS, clock));
        assertTrue(e.getMessage().contains("no GPIO on this machine") && e.getMessage().contains("gpiochip"), e.getMessage());
    }

    @Test
    void bad_gpio_settings_are_refused_naming_the_key() {
        assertEquals("gpio-pull", assertThrows(ConfigException.class, () -> GpioSettings.fromOptions(Map.of("gpio-pull", "sideways"))).key());
        assertEquals("gpio-active", assertThrows(ConfigException.class, () -> GpioSettings.fromOptions(Map.of("gpio-active", "1"))).key());
        assertEquals("gpio-debounce", assertThrows(ConfigException.class, () -> GpioSettings.fromOptions(Map.of("gpio-debounce", "10ms"))).key());
    }
}

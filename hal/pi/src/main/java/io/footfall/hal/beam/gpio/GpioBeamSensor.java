package io.footfall.hal.beam.gpio;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import io.footfall.hal.ConfigException;
import io.footfall.hal.HalException;
import io.footfall.hal.NodeClock;
import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.beam.BeamListener;
import io.footfall.hal.beam.BeamSensor;
import io.footfall.hal.beam.PassageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Break-beams on GPIO pins through Pi4J 2.x, one digital input per beam.
 *
 * <p>Pi4J calls the pin listeners on its own monitor threads and swallows what they throw; ours
 * only stamps the edge with {@link NodeClock#monoNanos()} and enqueues it. A thread of this sensor
 * ({@code beam-gpio}) delivers edges to the {@link BeamListener} in queue order, dropping repeats of
 * a pin's last state. When Pi4J debounces ({@code gpio-debounce} > 0) it reports an edge only after
 * the debounce time, so that time is taken off the stamp.
 */
public final class GpioBeamSensor implements BeamSensor {
    private static final Logger log = LoggerFactory.getLogger(GpioBeamSensor.class);
    private static final BeamEdge STOP = new BeamEdge(Long.MIN_VALUE, "stop", Beam.A, false);

    private final Context pi4j;
    private final boolean ownsContext;
    private final List<PassageSpec> passages;
    private final NodeClock clock;
    private final DigitalState brokenState;
    private final long latencyNanos;
    private final List<Line> lines = new ArrayList<>();
    private final BlockingQueue<BeamEdge> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private Thread thread;
    private boolean closed;

    private record Line(PassageSpec passage, Beam beam, DigitalInput input, DigitalStateChangeListener listener) {}

    /**
     * Opens one input per beam on {@code pi4j}'s digital input provider (the gpiod provider on a Pi,
     * the mock provider in tests). The context stays the caller's.
     *
     * @throws ConfigException when a pin is used twice
     * @throws HalException when Pi4J cannot open a pin
     */
    public GpioBeamSensor(Context pi4j, List<PassageSpec> passages, GpioSettings settings, NodeClock clock) {
        this(pi4j, false, passages, settings, clock);
    }

    private GpioBeamSensor(Context pi4j, boolean ownsContext, List<PassageSpec> passages, GpioSettings settings, NodeClock clock) {
        this.pi4j = pi4j;
        this.ownsContext = ownsContext;
        this.passages = List.copyOf(passages);
        this.clock = clock;
        this.brokenState = settings.brokenLevel() == GpioSettings.Level.HIGH ? DigitalState.HIGH : DigitalState.LOW;
        this.latencyNanos = settings.debounceMicros() * 1_000L;
        Set<Integer> pins = new HashSet<>();
        for (PassageSpec p : this.passages) {
            if (!pins.add(p.pinA()) || !pins.add(p.pinB())) {
                throw new ConfigException("passage", p.toString(), "each GPIO pin in one passage only");
            }
        }
        PullResistance pull = switch (settings.pull()) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case OFF -> PullResistance.OFF;
        };
        try {
            for (PassageSpec p : this.passages) {
                open(p, Beam.A, p.pinA(), pull, settings.debounceMicros());
                open(p, Beam.B, p.pinB(), pull, settings.debounceMicros());
            }
        } catch (RuntimeException e) {
            shutdownInputs();
            throw e;
        }
    }

    /**
     * Opens the beams on this machine's GPIO through Pi4J's gpiod provider (Raspberry Pi 3, 4 and 5;
     * no root, the user needs to be in group {@code gpio}). The sensor owns that context.
     *
     * @throws HalException when the machine has no GPIO character device or Pi4J cannot use it
     */
    public static GpioBeamSensor open(List<PassageSpec> passages, GpioSettings settings, NodeClock clock) {
        return open(Path.of("/dev"), passages, settings, clock);
    }

    static GpioBeamSensor open(Path dev, List<PassageSpec> passages, GpioSettings settings, NodeClock clock) {
        List<Path> chips;
        try (Stream<Path> s = Files.list(dev)) {
            chips = s.filter(f -> f.getFileName().toString().startsWith("gpiochip")).sorted().toList();
        } catch (IOException e) {
            chips = List.of();
        }
        if (chips.isEmpty()) {
            throw new HalException("no GPIO on this machine: no " + dev + "/gpiochip* device (board: " + board()
                    + "); hal=pi needs a Raspberry Pi 3, 4 or 5 with beams wired to its GPIO; use --hal sim elsewhere");
        }
        for (Path chip : chips) {
            if (!Files.isReadable(chip) || !Files.isWritable(chip)) {
                throw new HalException("no access to " + chip + " for user " + System.getProperty("user.name")
                        + ": add the user to group 'gpio' (the systemd unit does this with SupplementaryGroups=gpio)");
            }
        }
        Context context;
        try {
            context = Pi4J.newContextBuilder().add(GpioDDigitalInputProvider.newInstance()).build();
        } catch (RuntimeException | LinkageError e) {
            throw new HalException("Pi4J could not start its gpiod provider on " + board() + ": " + e, e);
        }
        try {
            log.info("beams on {} through Pi4J gpiod: {}", board(), passages);
            return new GpioBeamSensor(context, true, passages, settings, clock);
        } catch (RuntimeException | LinkageError e) {
            context.shutdown();
            throw e instanceof HalException h ? h : new HalException("could not open the beam pins through Pi4J gpiod: " + e, e);
        }
    }

    private static String board() {
        try {
            return BoardInfoHelper.runningOnRaspberryPi() ? BoardInfoHelper.current().getBoardModel().getLabel() : "not a Raspberry Pi";
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }

    private void open(PassageSpec p, Beam beam, int pin, PullResistance pull, long debounceMicros) {
        DigitalInput input;
        try {
            input = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                    .id("footfall-gpio-" + pin)
                    .name(p.name() + " beam " + beam)
                    .address(pin)
                    .pull(pull)
                    .debounce(debounceMicros));
        } catch (RuntimeException e) {
            throw new HalException("could not open GPIO " + pin + " for beam " + beam + " of passage '" + p.name() + "': " + e.getMessage(), e);
        }
        Line line = new Line(p, beam, input, event -> enqueue(p, beam, event.state(), clock.monoNanos() - latencyNanos));
        lines.add(line);
    }

    @Override
    public List<PassageSpec> passages() {
        return passages;
    }

    @Override
    public void start(BeamListener listener) {
        synchronized (lock) {
            if (thread != null || closed) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            long t0 = clock.monoNanos();
            for (Line l : lines) {
                l.input().addListener(l.listener());
            }
            for (Line l : lines) {
                queue.add(new BeamEdge(t0, l.passage().name(), l.beam(), l.input().state() == brokenState));
            }
            thread = new Thread(() -> deliver(listener), "beam-gpio");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Called on Pi4J's thread: stamp taken by the caller, enqueue, return. */
    private void enqueue(PassageSpec p, Beam beam, DigitalState state, long tNanos) {
        synchronized (lock) {
            if (!closed) {
                queue.add(new BeamEdge(tNanos, p.name(), beam, state == brokenState));
            }
        }
    }

    private void deliver(BeamListener listener) {
        Map<String, Boolean> last = new HashMap<>();
        try {
            while (true) {
                BeamEdge e = queue.take();
                if (e == STOP) {
                    return;
                }
                Boolean before = last.put(e.passage() + "/" + e.beam(), e.broken());
                if (before != null && before == e.broken()) {
                    continue;
                }
                try {
                    listener.onEdge(e);
                } catch (RuntimeException ex) {
                    log.error("beam listener failed on {}; carrying on", e, ex);
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
            queue.clear();
            queue.add(STOP);
        }
        for (Line l : lines) {
            l.input().removeListener(l.listener());
        }
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        shutdownInputs();
        if (ownsContext) {
            pi4j.shutdown();
        }
    }

    private void shutdownInputs() {
        for (Line l : lines) {
            try {
                pi4j.shutdown(l.input().id());
            } catch (RuntimeException e) {
                log.warn("could not release GPIO input {}", l.input().id(), e);
            }
        }
    }
}

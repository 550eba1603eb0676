package io.footfall.agent.kinds.tally;

import io.footfall.hal.NodeClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A fake hand counter: a thread of its own presses the button every {@code everyMicros} of real
 * time, timestamped on the node's clock as a real sensor would, and keeps the truth.
 */
final class TallySensor {
    private final NodeClock clock;
    private final long everyMicros;
    private final List<Long> pressed = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread thread;

    TallySensor(NodeClock clock, long everyMicros) {
        this.clock = clock;
        this.everyMicros = everyMicros;
    }

    void start(Consumer<TallyEvent> listener) {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                long t = clock.monoNanos();
                pressed.add(t);
                listener.accept(new TallyEvent.Click(t));
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(everyMicros));
            }
        }, "tally");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        LockSupport.unpark(thread);
    }

    /** Node times of every press so far. */
    List<Long> pressed() {
        return List.copyOf(pressed);
    }
}

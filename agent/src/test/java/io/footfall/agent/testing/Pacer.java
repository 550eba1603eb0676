package io.footfall.agent.testing;

import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.Outbox;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes one window every {@code interval} into the outbox and wakes the forwarder, as the window
 * clock of a running agent would (at an accelerated pace), until {@code total} windows are closed.
 */
public final class Pacer implements AutoCloseable {
    private final Thread thread;
    private final AtomicInteger appended = new AtomicInteger();
    private volatile boolean stop;
    private volatile Throwable failure;

    public Pacer(Outbox outbox, Topics topics, Forwarder forwarder, int total, Duration interval) {
        thread = new Thread(() -> {
            try {
                while (!stop && outbox.lastSeq() < total) {
                    Windows.appendNext(outbox, topics);
                    appended.incrementAndGet();
                    forwarder.wake();
                    Thread.sleep(interval.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure = t;
            }
        }, "pacer");
        thread.start();
    }

    public int appended() {
        return appended.get();
    }

    /** Waits for the last window to be closed; rethrows what broke the pacer. */
    public void await(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("pacer did not finish within " + timeout);
        }
        if (failure != null) {
            throw new AssertionError("appending a window failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(5_000);
    }
}

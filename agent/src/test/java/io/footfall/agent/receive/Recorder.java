package io.footfall.agent.receive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@link Receiver.Listener} that keeps every event as a line, for tests to await and inspect. */
final class Recorder implements Receiver.Listener {
    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void window(ReceivedWindow w, boolean duplicate) {
        events.add((duplicate ? "dup " : "new ") + w.id() + " in " + w.beamIn());
        notifyAll();
    }

    @Override
    public synchronized void gap(Gap gap) {
        events.add("gap " + gap);
        notifyAll();
    }

    @Override
    public synchronized void conflict(String topic, ReceivedWindow w) {
        events.add("conflict " + w.id() + " on " + topic);
        notifyAll();
    }

    @Override
    public synchronized void rejected(String topic, Rejection why) {
        events.add("rejected " + why.kind() + " on " + topic + ": " + why.detail());
        notifyAll();
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Waits until {@code n} events were recorded; returns them all. */
    synchronized List<String> await(int n, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (events.size() < n) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + events.size() + " of " + n + " events: " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(events);
    }

    synchronized String last(Predicate<String> p) {
        return events.stream().filter(p).reduce((a, b) -> b).orElse("");
    }
}

package io.footfall.agent.kinds.tally;

import io.footfall.agent.counts.CountsSection;
import io.footfall.agent.window.EventSink;
import io.footfall.agent.window.NodeKind;
import io.footfall.agent.window.OpenWindow;
import io.footfall.agent.window.WindowPart;
import io.footfall.agent.window.WindowSet;
import io.footfall.hal.NodeClock;
import java.util.Optional;

/** The tally on the node: each press counted in the window of its own timestamp. */
final class TallyCounting implements NodeKind<TallyEvent> {
    private final TallySensor sensor;
    private final NodeClock clock;
    private WindowSet windows;
    private long counted;
    private volatile long published;
    private volatile long publishedSoFar;

    TallyCounting(TallySensor sensor, NodeClock clock) {
        this.sensor = sensor;
        this.clock = clock;
    }

    /** One window's presses. */
    private static final class Presses implements WindowPart {
        int clicks;

        @Override
        public Optional<CountsSection> close(long countingMillis) {
            return Optional.of(new TallySection(clicks));
        }
    }

    @Override
    public String key() {
        return TallyKind.KEY;
    }

    @Override
    public void start(EventSink<TallyEvent> sink, WindowSet windows) {
        this.windows = windows;
        sensor.start(sink::accept);
    }

    @Override
    public void handle(TallyEvent event) {
        TallyEvent.Click click = (TallyEvent.Click) event; // the only kind of tally event
        windows.at(clock.wallMillisAt(click.tNanos())).part(this, Presses.class).clicks++;
        counted++;
    }

    @Override
    public void publish() {
        published = counted;
        windows.newest().ifPresent(w -> publishedSoFar = w.part(this, Presses.class).clicks);
    }

    /** Presses in the newest window, as of the pipeline's last loop; from any thread. */
    long countedSoFar() {
        return publishedSoFar;
    }

    /** Presses counted since start, as of the pipeline's last loop; from any thread. */
    long counted() {
        return published;
    }

    @Override
    public WindowPart open(OpenWindow window) {
        return new Presses();
    }

    @Override
    public void stop() {
        sensor.stop();
    }
}

package io.footfall.agent.window.beam;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsSection;
import io.footfall.agent.window.WindowPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Crossings and blocked time of each passage in one open window. Used on the pipeline thread only. */
final class BeamWindow implements WindowPart {
    private final List<String> passages;
    private final int[] in;
    private final int[] out;
    private final boolean[] blocked;
    private final long[] blockedMillis;
    private final Consumer<BeamWindow> closing;

    /**
     * @param closing credits the blocked time still running when the window closes
     */
    BeamWindow(List<String> passages, Consumer<BeamWindow> closing) {
        this.passages = passages;
        this.in = new int[passages.size()];
        this.out = new int[passages.size()];
        this.blocked = new boolean[passages.size()];
        this.blockedMillis = new long[passages.size()];
        this.closing = closing;
    }

    void crossing(int passage, boolean isIn) {
        if (isIn) {
            in[passage]++;
        } else {
            out[passage]++;
        }
    }

    void blocked(int passage) {
        blocked[passage] = true;
    }

    /** Adds blocked time; a window with any is a blocked one, even if the alarm came after it closed. */
    void blockedFor(int passage, long millis) {
        blockedMillis[passage] += millis;
        if (millis > 0) {
            blocked[passage] = true;
        }
    }

    /** The counts so far. */
    BeamCounts counts() {
        List<BeamCounts.PassageCounts> list = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            list.add(new BeamCounts.PassageCounts(passages.get(i), in[i], out[i], blocked[i], Math.round(blockedMillis[i] / 1000.0)));
        }
        return BeamCounts.of(list);
    }

    @Override
    public Optional<CountsSection> close(long countingMillis) {
        closing.accept(this);
        return Optional.of(counts());
    }
}

package io.footfall.agent.node;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.privacy.WifiWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Counts of one window that has not closed yet. Used on the pipeline thread only. */
final class OpenWindow {
    final long start;
    final long end;
    private final List<String> passages;
    private final int[] in;
    private final int[] out;
    private final boolean[] blocked;
    final Optional<WifiWindow> wifi;
    boolean clockSynced = true;
    /** Probe requests taken into this window (all of them, before any RSSI floor). */
    long probes;
    /** Wall milliseconds of this window during which the agent was running and counting. */
    long countingMillis;
    /** Wall milliseconds of this window during which the Wi-Fi capture was running and delivering frames. */
    long capturingMillis;
    private final long[] blockedMillis;

    OpenWindow(long start, long end, List<String> passages, Optional<WifiWindow> wifi) {
        this.start = start;
        this.end = end;
        this.passages = passages;
        this.in = new int[passages.size()];
        this.out = new int[passages.size()];
        this.blocked = new boolean[passages.size()];
        this.blockedMillis = new long[passages.size()];
        this.wifi = wifi;
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

    /** Milliseconds of {@code [from, to)} that fall within this window. */
    long overlap(long from, long to) {
        return Math.max(0, Math.min(to, end) - Math.max(from, start));
    }

    BeamCounts beam() {
        List<BeamCounts.PassageCounts> list = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            list.add(new BeamCounts.PassageCounts(passages.get(i), in[i], out[i], blocked[i], Math.round(blockedMillis[i] / 1000.0)));
        }
        return BeamCounts.of(list);
    }
}

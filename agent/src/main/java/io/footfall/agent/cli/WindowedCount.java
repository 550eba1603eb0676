package io.footfall.agent.cli;

import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.wifi.WifiSection;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.agent.privacy.WifiWindow;
import io.footfall.agent.window.WindowClock;
import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.hal.wifi.pcap.PcapReader;
import io.footfall.hal.wifi.pcap.ProbeSink;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Replays a capture through the live path's {@link WifiWindow}, one window per clock-aligned
 * interval of the capture's own timestamps (starts are whole multiples of the length since the
 * epoch, as {@link WindowClock} cuts the node's windows). Each window gets its own salt, exactly as
 * on a node, so nothing links two windows here either. Windows in which nothing was heard between
 * two that were are emitted too, as a node would publish them.
 *
 * <p>Frames, probe requests and malformed records are attributed to the window that was open when
 * the reader met them; a window closes when the first probe of a later one arrives, or at the end.
 */
final class WindowedCount implements ProbeSink {
    private final PcapReader reader;
    private final WindowClock clock;
    private final PrivacySettings settings;
    private final boolean assumeRandomized;
    private final Consumer<Map<String, Object>> out;
    private final SecureRandom random = new SecureRandom();

    private Optional<WifiWindow> open = Optional.empty();
    private long startMillis;
    private long framesAtStart;
    private long probesAtStart;
    private long malformedAtStart;

    /**
     * @param assumeRandomized treat every source as locally administered, for captures whose
     *     anonymiser replaced addresses with random bytes (a study aid: a node never does this)
     * @param out receives one JSON tree per window, in order
     */
    WindowedCount(PcapReader reader, WindowClock clock, PrivacySettings settings, boolean assumeRandomized,
            Consumer<Map<String, Object>> out) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.assumeRandomized = assumeRandomized;
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void onProbe(long ts, long source, int rssi, int seq, long fp, boolean retry) {
        long start = clock.startOf(Math.floorDiv(ts, 1_000_000L));
        if (open.isEmpty()) {
            begin(start, reader.frames() - 1, reader.probeRequests(), reader.malformed());
        } else if (start > startMillis) {
            // the reader has counted this frame already, but not yet this probe
            long frames = reader.frames() - 1;
            long probes = reader.probeRequests();
            long malformed = reader.malformed();
            emit(frames, probes, malformed);
            for (long s = startMillis + clock.lengthMillis(); s < start; s += clock.lengthMillis()) {
                begin(s, frames, probes, malformed);
                emit(frames, probes, malformed);
            }
            begin(start, frames, probes, malformed);
        }
        // A probe from before the open window (captures may be slightly out of order) counts in it.
        long src = assumeRandomized ? (source | 0x02L << 40) & ~(0x01L << 40) : source;
        open.get().add(new ProbeRequest(ts, src, rssi, seq, fp, retry));
    }

    /** Closes the last window, if any probe opened one. */
    void finish() {
        if (open.isPresent()) {
            emit(reader.frames(), reader.probeRequests(), reader.malformed());
        }
    }

    private void begin(long start, long frames, long probes, long malformed) {
        startMillis = start;
        framesAtStart = frames;
        probesAtStart = probes;
        malformedAtStart = malformed;
        open = Optional.of(new WifiWindow(random, settings));
    }

    private void emit(long frames, long probes, long malformed) {
        WifiWindow w = open.orElseThrow();
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("start", Instant.ofEpochMilli(startMillis).toString());
        window.put("end", Instant.ofEpochMilli(startMillis + clock.lengthMillis()).toString());
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("window", window);
        tree.put("frames", frames - framesAtStart);
        tree.put("probeRequests", probes - probesAtStart);
        tree.put("malformed", malformed - malformedAtStart);
        tree.put("wifi", CountsJson.section(WifiSection.of(w.counts())));
        w.close();
        open = Optional.empty();
        out.accept(tree);
    }
}

package io.footfall.agent.window.wifi;

import io.footfall.agent.counts.Coverage;
import io.footfall.agent.counts.wifi.WifiKind;
import io.footfall.agent.counts.wifi.WifiSection;
import io.footfall.agent.window.EventSink;
import io.footfall.agent.window.NodeKind;
import io.footfall.agent.window.OpenWindow;
import io.footfall.agent.window.Span;
import io.footfall.agent.window.WindowPart;
import io.footfall.agent.window.WindowSet;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.agent.privacy.WifiCounts;
import io.footfall.agent.privacy.WifiWindow;
import io.footfall.hal.NodeClock;
import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.ProbeRequest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Wi-Fi kind on the node: probes into the salted {@link WifiWindow} of their own timestamp's
 * window, the capture's {@code RUNNING} spans credited to the windows as their capture time. A window
 * closing takes its figures and destroys its salt.
 */
public final class WifiCounting implements NodeKind<WifiEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(WifiCounting.class);

    private final ProbeCapture capture;
    private final NodeClock clock;
    private final PrivacySettings privacy;
    private final SecureRandom random = new SecureRandom();
    /** The channels the capture hops over, ascending; empty when it does not say. */
    private final List<Integer> channels;
    private final Span capturing = new Span();
    private final AtomicLong probes = new AtomicLong();
    private volatile CaptureState captureState = CaptureState.of(CaptureState.Status.OFF, "off");
    private WindowSet windows;
    /** Probe requests the newest window took in, as of the pipeline's last loop. */
    private volatile long publishedProbes;

    public WifiCounting(ProbeCapture capture, PrivacySettings privacy, NodeClock clock) {
        this.capture = capture;
        this.privacy = privacy;
        this.clock = clock;
        this.channels = capture.channels().stream().distinct().sorted().toList();
    }

    @Override
    public String key() {
        return WifiKind.KEY;
    }

    @Override
    public void start(EventSink<WifiEvent> sink, WindowSet windows) {
        this.windows = windows;
        capture.start(new ProbeListener() {
            @Override
            public void onProbe(ProbeRequest probe) {
                sink.accept(new WifiEvent.Probes(List.of(probe)));
            }

            @Override
            public void onProbes(List<ProbeRequest> probes) {
                sink.accept(new WifiEvent.Probes(probes), probes.size());
            }

            @Override
            public void onCaptureState(CaptureState state) {
                sink.accept(new WifiEvent.CaptureChange(clock.monoNanos(), state));
            }
        });
    }

    @Override
    public void handle(WifiEvent event) {
        // Java 17 has no switch over a sealed type's records yet; these are all of WifiEvent
        if (event instanceof WifiEvent.Probes ps) {
            // A batch's probes nearly all fall in one window: look it and its part up once, not per
            // probe (a probe inside an open window's span belongs to that window, as windows.at says).
            List<ProbeRequest> list = ps.list();
            OpenWindow window = null;
            WifiPart w = null;
            for (int i = 0; i < list.size(); i++) {
                ProbeRequest p = list.get(i);
                long wall = clock.wallMillisAt(p.tNanos());
                if (window == null || wall < window.start() || wall >= window.end()) {
                    window = windows.at(wall);
                    w = part(window);
                }
                w.probes++;
                w.wifi.add(p);
            }
            probes.addAndGet(list.size());
        } else if (event instanceof WifiEvent.CaptureChange c) {
            CaptureState s = c.state();
            if (s.status() != captureState.status()) {
                LOG.info("Wi-Fi capture {}: {}", s.status(), s.detail());
            }
            captureState = s;
            long at = clock.wallMillisAt(c.tNanos());
            if (s.status() == CaptureState.Status.RUNNING) {
                capturing.begin(at);
            } else {
                capturing.end(at, windows.all(), (w, millis) -> part(w).capturingMillis += millis);
            }
        }
    }

    @Override
    public WindowPart open(OpenWindow window) {
        return new WifiPart(new WifiWindow(random, privacy), window, this);
    }

    /** The window closes: its figures are taken and its salt destroyed; the capture time still running is credited. */
    WifiSection close(WifiPart part, OpenWindow window, long countingMillis) {
        WifiCounts counts = part.wifi.counts();
        part.wifi.close();
        part.capturingMillis += capturing.upToEndOf(window);
        long of = window.end() - window.start();
        return WifiSection.of(counts, new Coverage(countingMillis / 1000, of / 1000, Optional.of(share(countingMillis, part.capturingMillis))));
    }

    /**
     * The capture's share of a window watched for {@code countingMillis}: it cannot be longer than
     * the agent was counting (a clock step skips windows that a running capture would otherwise be
     * credited with).
     */
    private Coverage.Wifi share(long countingMillis, long capturingMillis) {
        long captured = Math.min(capturingMillis, countingMillis);
        return new Coverage.Wifi(captured / 1000, captured > 0 ? channels : List.of());
    }

    private WifiPart part(OpenWindow w) {
        return w.part(this, WifiPart.class);
    }

    @Override
    public void publish() {
        windows.newest().ifPresent(w -> publishedProbes = part(w).probes);
    }

    /** Probe requests the newest window took in so far, as of the pipeline's last loop; from any thread. */
    public long publishedProbes() {
        return publishedProbes;
    }

    /** The capture's share of {@code window} so far, counting until {@code wallMillis}. */
    public Coverage.Wifi captureSoFar(OpenWindow window, long countingMillis, long wallMillis) {
        return share(countingMillis, part(window).capturingMillis + capturing.upTo(window, wallMillis));
    }

    public long probesSeen() {
        return probes.get();
    }

    public CaptureState captureState() {
        return captureState;
    }
}

package io.footfall.agent.systemd;

import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.node.Node;
import io.footfall.agent.node.NodeAgent;
import io.footfall.hal.wifi.ProbeCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link Watchdog} of a running {@link Node}: which loops it watches and what its status line says. */
public final class NodeService {
    /**
     * How long the pipeline and the capture's supervisor may stay silent: half of {@code WatchdogSec}
     * (30 s under the shipped unit's 60 s), so a wedge is acted on within about {@code WatchdogSec}
     * and a half. The pipeline loops at least every 100 ms; a slow SD card may hold one store for
     * seconds, not this long.
     */
    static Duration loopSilence(Optional<Duration> interval) {
        return interval.map(d -> d.dividedBy(2)).orElse(Duration.ofSeconds(30));
    }

    private NodeService() {}

    /** The watchdog systemd asked for through the environment, not yet started; empty when not run by systemd. */
    public static Optional<Watchdog> fromEnvironment(Node node, Map<String, String> env) {
        return NotifySocket.fromEnvironment(env)
                .map(socket -> watchdog(node, socket, Watchdog.interval(env, ProcessHandle.current().pid())));
    }

    static Watchdog watchdog(Node node, NotifySocket socket, Optional<Duration> interval) {
        NodeAgent agent = node.agent();
        Forwarder forwarder = node.forwarder();
        Duration silence = loopSilence(interval);
        List<Heartbeat> beats = new ArrayList<>();
        beats.add(new Heartbeat("pipeline", agent::lastLoopNanos, silence));
        // A connect and an acknowledgement may take their full timeouts: never less than that.
        Duration delivery = forwarder.maxSilence().compareTo(silence) > 0 ? forwarder.maxSilence() : silence;
        beats.add(new Heartbeat("delivery", forwarder::lastBeatNanos, delivery));
        // The capture's supervisor spends its life blocked reading the capture process, which is
        // normal (a quiet channel is reported as QUIET, not restarted). What must not happen is the
        // supervisor stuck holding its lock: then state() never returns and this watchdog thread
        // stops with it, which stops the pings just the same.
        node.capture().ifPresent(capture -> beats.add(new Heartbeat("capture supervision", () -> {
            capture.state();
            return System.nanoTime();
        }, silence)));
        return new Watchdog(socket, interval, agent::started, beats, () -> status(agent, forwarder, node.capture()));
    }

    /** E.g. {@code counting: 1204 crossings, 88710 probes; Wi-Fi RUNNING; broker connected, 96 delivered}. */
    static String status(NodeAgent agent, Forwarder forwarder, Optional<ProbeCapture> capture) {
        Forwarder.Status s = forwarder.status();
        StringBuilder b = new StringBuilder("counting: ").append(agent.crossingsSeen()).append(" crossings, ")
                .append(agent.probesSeen()).append(" probes; ");
        b.append(capture.isPresent() ? "Wi-Fi " + agent.captureState().status() : "Wi-Fi off").append("; ");
        b.append(s.connected() ? "broker connected" : "broker not connected").append(", ").append(s.delivered())
                .append(" delivered");
        if (agent.unstoredWindows() > 0) {
            b.append("; ").append(agent.unstoredWindows()).append(" window(s) not stored");
        }
        return b.toString();
    }
}

package io.footfall.hal.wifi.capture;

import io.footfall.hal.Backoff;
import io.footfall.hal.ConfigException;
import io.footfall.hal.HalException;
import io.footfall.hal.NodeClock;
import io.footfall.hal.spi.HalSettings;
import io.footfall.hal.wifi.CaptureState;
import io.footfall.hal.wifi.CaptureState.Status;
import io.footfall.hal.wifi.ProbeCapture;
import io.footfall.hal.wifi.ProbeListener;
import io.footfall.hal.wifi.pcap.PcapFormatException;
import io.footfall.hal.wifi.pcap.PcapReader;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervised capture process whose stdout is a pcap or pcapng stream: by default tcpdump on the
 * monitor-mode interface with a BPF filter for probe requests, or any shell command given as
 * {@code --capture-command} ({@code cat capture.pcap} works on a PC). The stream is read at most
 * every {@link ProbeBatcher#PACE_NANOS} while it is not backed up, and each read's probes go to the
 * listener as one batch, stamped with the node's monotonic clock when the read arrives less how much
 * earlier the capture stamped them than the read's newest frame ({@link ProbeBatcher}).
 *
 * <p>When the process ends it is restarted after a jittered exponential {@link Backoff} (reset
 * once a process has lived longer than the backoff's maximum). What goes wrong becomes a
 * {@link CaptureState}, never an exception: {@code INTERFACE_MISSING}, {@code MONITOR_UNSUPPORTED}
 * and {@code FAILED} (no permission, command not found, not a pcap stream) while it keeps retrying;
 * {@code QUIET} when nothing was heard for {@code quietAfter}. Its stderr is logged with anything
 * that looks like a MAC address masked; frame contents are never logged.
 *
 * <p>Threads: {@code footfall-capture} (supervises and parses), {@code footfall-capture-stderr}
 * (one per process life), {@code footfall-capture-quiet}, and the channel hopper when hopping.
 * {@link #close()} kills the process and everything it started and joins them all.
 */
public final class CommandProbeCapture implements ProbeCapture {
    private static final Logger LOG = LoggerFactory.getLogger(CommandProbeCapture.class);
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9._-]{1,15}");
    private static final long JOIN_MILLIS = 5000;

    private final HalSettings.WifiSettings settings;
    private final NodeClock clock;
    private final Backoff backoff;
    private final Optional<MonitorMode> monitor;
    private final String command;
    private final SplittableRandom random = new SplittableRandom();

    private final Object lock = new Object();
    private volatile Status status = Status.OFF;
    private volatile String detail = "not started";
    private long framesBefore;
    private long malformedBefore;
    private volatile PcapReader reader;
    private volatile long runningSinceNanos;
    /** Set by {@link #classify}: the state to report while waiting to restart. */
    private volatile Status endStatus = Status.RESTARTING;

    private volatile boolean closed;
    private volatile Process process;
    private volatile ProbeListener listener;
    private Thread supervisor;
    private Thread watchdog;
    private AutoCloseable hopper = () -> {};

    /** The capture the agent uses: real monitor mode on {@code settings.iface()} unless a command is given. */
    public CommandProbeCapture(HalSettings.WifiSettings settings, NodeClock clock) {
        this(settings, clock, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)),
                settings.captureCommand().isBlank() ? Optional.of(new MonitorMode(settings.iface())) : Optional.empty());
    }

    /**
     * @param monitor prepares the interface before each start; empty to leave it alone (always so
     *     when a capture command is given)
     * @throws ConfigException when the default command is used and the interface name is not one
     */
    public CommandProbeCapture(HalSettings.WifiSettings settings, NodeClock clock, Backoff backoff, Optional<MonitorMode> monitor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        if (settings.captureCommand().isBlank()) {
            if (!IFACE.matcher(settings.iface()).matches()) {
                throw new ConfigException("wifi-interface", settings.iface(),
                        "an interface name of 1-15 letters, digits, '.', '_' or '-'");
            }
            this.command = defaultCommand(settings.iface());
        } else {
            this.command = settings.captureCommand();
        }
    }

    /** tcpdump on {@code iface}, radiotap headers, unbuffered pcap on stdout, probe requests only. */
    public static String defaultCommand(String iface) {
        return "exec tcpdump -i " + iface + " -y IEEE802_11_RADIO -U -w - 'type mgt subtype probe-req'";
    }

    /** The shell command this capture runs. */
    public String command() {
        return command;
    }

    @Override
    public void start(ProbeListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            if (this.listener != null) {
                throw new IllegalStateException("already started");
            }
            if (closed) {
                throw new IllegalStateException("closed");
            }
            this.listener = listener;
            if (!settings.enabled()) {
                setState(Status.OFF, "Wi-Fi counting is off");
                return;
            }
            setState(Status.STARTING, "starting");
            supervisor = new Thread(this::supervise, "footfall-capture");
            supervisor.start();
            if (!settings.quietAfter().isZero() && !settings.quietAfter().isNegative()) {
                watchdog = new Thread(this::watchQuiet, "footfall-capture-quiet");
                watchdog.setDaemon(true);
                watchdog.start();
            }
        }
    }

    @Override
    public CaptureState state() {
        synchronized (lock) {
            PcapReader r = reader;
            long frames = framesBefore + (r == null ? 0 : r.frames());
            long malformed = malformedBefore + (r == null ? 0 : r.malformed());
            return new CaptureState(status, detail, frames, malformed);
        }
    }

    /** The hop list when this capture puts the interface into monitor mode itself; empty for a capture command. */
    @Override
    public List<Integer> channels() {
        return monitor.isPresent() ? settings.channels() : List.of();
    }

    @Override
    public void close() {
        Thread sup;
        Thread dog;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            sup = supervisor;
            dog = watchdog;
        }
        killTree(process);
        interruptAndJoin(sup);
        interruptAndJoin(dog);
        try {
            hopper.close();
        } catch (Exception e) {
            LOG.warn("stopping the channel hopper failed", e);
        }
        setState(Status.OFF, "closed");
    }

    private void supervise() {
        int attempt = 0;
        ProbeBatcher sink = ProbeBatcher.stampedOnArrival(listener, clock::monoNanos);
        while (!closed) {
            if (monitor.isPresent()) {
                MonitorMode.Result r = monitor.get().prepare(settings.channels());
                if (r.outcome() != MonitorMode.Outcome.READY) {
                    Duration d = backoff.delay(attempt++, random);
                    setState(statusOf(r.outcome()), r.detail() + "; retrying in " + seconds(d));
                    if (!sleep(d)) {
                        break;
                    }
                    continue;
                }
                startHopperOnce();
            }
            long started = System.nanoTime();
            String end = runOnce(sink);
            if (closed) {
                break;
            }
            if (System.nanoTime() - started >= backoff.max().toNanos()) {
                attempt = 0;
            }
            Duration d = backoff.delay(attempt++, random);
            Status s = endStatus;
            setState(s, end + "; restarting in " + seconds(d));
            if (!sleep(d)) {
                break;
            }
        }
    }

    /** One process life; returns why it ended and leaves the status to report in {@link #endStatus}. */
    private String runOnce(ProbeBatcher sink) {
        endStatus = Status.RESTARTING;
        setState(Status.STARTING, "starting the capture command");
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", command).start();
        } catch (IOException e) {
            endStatus = Status.FAILED;
            return "cannot start /bin/sh: " + e.getMessage();
        }
        process = p;
        if (closed) {
            killTree(p);
        }
        StderrDrain drain = new StderrDrain(p.getErrorStream(), LOG);
        Thread drainer = new Thread(drain, "footfall-capture-stderr");
        drainer.setDaemon(true);
        drainer.start();
        String why;
        boolean notPcap = false;
        try {
            p.getOutputStream().close();
            PcapReader r = PcapReader.open(sink.paced(p.getInputStream(), ProbeBatcher.PACE_NANOS));
            synchronized (lock) {
                reader = r;
            }
            runningSinceNanos = clock.monoNanos();
            setState(Status.RUNNING, "capturing (" + r.describe() + ")");
            r.readAll(sink);
            why = "the capture stream ended";
        } catch (PcapFormatException e) {
            notPcap = !e.getMessage().startsWith("empty stream");
            why = e.getMessage();
        } catch (HalException | IOException e) {
            why = "reading the capture failed: " + e.getMessage();
        } finally {
            sink.flush();
            synchronized (lock) {
                PcapReader r = reader;
                if (r != null) {
                    framesBefore += r.frames();
                    malformedBefore += r.malformed();
                    reader = null;
                }
            }
        }
        if (!waitFor(p, 2000)) {
            killTree(p);
            waitFor(p, JOIN_MILLIS);
        }
        try {
            drainer.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        if (closed) {
            return "closed";
        }
        int exit = p.isAlive() ? -1 : p.exitValue();
        return classify(why, exit, notPcap, drain.tail());
    }

    private String classify(String why, int exit, boolean notPcap, List<String> stderr) {
        String last = stderr.isEmpty() ? "" : stderr.get(stderr.size() - 1);
        String all = String.join("\n", stderr).toLowerCase(Locale.ROOT);
        String exitText = "exit " + exit;
        if (all.contains("no such device") || all.contains("doesn't exist") || all.contains("no such interface")) {
            endStatus = Status.INTERFACE_MISSING;
            return "capture interface missing: " + last;
        }
        if (all.contains("support monitor mode") || all.contains("monitor mode not supported")
                || all.contains("not one of the dlts supported") || all.contains("not supported by device")) {
            endStatus = Status.MONITOR_UNSUPPORTED;
            return "monitor mode or radiotap not supported: " + last;
        }
        if (all.contains("operation not permitted") || all.contains("permission denied")) {
            endStatus = Status.FAILED;
            return "no permission to capture (grant CAP_NET_RAW and CAP_NET_ADMIN): " + last;
        }
        if (exit == 127 || exit == 126) {
            endStatus = Status.FAILED;
            return "capture command not found or not executable (" + exitText + ")" + (last.isEmpty() ? "" : ": " + last);
        }
        if (notPcap) {
            endStatus = Status.FAILED;
            return "capture command did not write a pcap stream: " + why;
        }
        return why + " (" + exitText + ")" + (last.isEmpty() ? "" : ": " + last);
    }

    private void watchQuiet() {
        long quiet = settings.quietAfter().toNanos();
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(quiet / 4, TimeUnit.SECONDS.toNanos(1)));
        long lastFrames = -1;
        long lastChange = clock.monoNanos();
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            CaptureState s = state();
            long now = clock.monoNanos();
            if (s.framesSeen() != lastFrames) {
                lastFrames = s.framesSeen();
                lastChange = now;
                if (s.status() == Status.QUIET) {
                    setState(Status.RUNNING, "hearing frames again");
                }
            } else if (s.status() == Status.RUNNING && now - Math.max(lastChange, runningSinceNanos) >= quiet) {
                setState(Status.QUIET, "nothing heard for " + seconds(settings.quietAfter()));
            }
        }
    }

    private void startHopperOnce() {
        synchronized (lock) {
            if (closed || settings.channels().size() < 2) {
                return;
            }
            try {
                hopper.close();
            } catch (Exception e) {
                LOG.warn("stopping the channel hopper failed", e);
            }
            hopper = monitor.get().hop(settings.channels(), settings.dwell());
        }
    }

    private void setState(Status s, String d) {
        ProbeListener l;
        CaptureState snapshot;
        synchronized (lock) {
            if (closed && s != Status.OFF) {
                return;
            }
            if (s == status && d.equals(detail)) {
                return;
            }
            status = s;
            detail = d;
            l = listener;
            snapshot = state();
        }
        if (s != Status.RUNNING && s != Status.STARTING) {
            LOG.info("Wi-Fi capture {}: {}", s, d);
        }
        if (l != null) {
            try {
                l.onCaptureState(snapshot);
            } catch (RuntimeException e) {
                LOG.warn("capture state listener failed", e);
            }
        }
    }

    private static Status statusOf(MonitorMode.Outcome o) {
        switch (o) {
            case INTERFACE_MISSING:
                return Status.INTERFACE_MISSING;
            case MONITOR_UNSUPPORTED:
                return Status.MONITOR_UNSUPPORTED;
            default:
                return Status.FAILED;
        }
    }

    /** Kills the process and everything it started (children first, while they are still its descendants). */
    private static void killTree(Process p) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> kids = p.descendants().toList();
        kids.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        for (ProcessHandle k : kids) {
            if (k.isAlive()) {
                k.destroyForcibly();
            }
        }
    }

    private static boolean waitFor(Process p, long millis) {
        try {
            return p.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean sleep(Duration d) {
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static void interruptAndJoin(Thread t) {
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}

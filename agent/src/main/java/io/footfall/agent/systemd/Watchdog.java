package io.footfall.agent.systemd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the agent is doing, on its own daemon thread:
 * <ul>
 *   <li>{@code READY=1} once {@code ready} holds (the outbox is open and the sensors started);
 *   <li>{@code WATCHDOG=1} every half {@code WatchdogSec}, but only while every {@link Heartbeat} is
 *       within its allowed silence; one wedged loop stops the pings and systemd restarts the
 *       service after {@code WatchdogSec} ({@code Restart=on-failure});
 *   <li>{@code STATUS=} a one-line summary, whenever it changes ({@code systemctl status} shows it);
 *   <li>{@code STOPPING=1} from {@link #stopping()}.
 * </ul>
 * Before {@code READY=1} the watchdog is fed unconditionally: start-up is bounded by
 * {@code TimeoutStartSec=}, not by the loops, which have not started yet.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final NotifySocket socket;
    private final Optional<Duration> interval;
    private final BooleanSupplier ready;
    private final List<Heartbeat> heartbeats;
    private final Supplier<String> status;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "footfall-watchdog");
        t.setDaemon(true);
        return t;
    });
    private boolean readySent;
    private volatile boolean stopping;
    private long lastPing = Long.MIN_VALUE / 2;
    private String lastStatus = "";
    /** Names of the loops found wedged at the last look, so each change is logged once. */
    private List<String> lastWedged = List.of();

    /**
     * @param interval systemd's {@code WatchdogSec}; empty when the unit sets none (notifications still sent)
     * @param ready whether the node is ready: outbox open, sensors started
     * @param status the one-line summary for {@code STATUS=}
     */
    public Watchdog(NotifySocket socket, Optional<Duration> interval, BooleanSupplier ready, List<Heartbeat> heartbeats,
            Supplier<String> status) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.ready = Objects.requireNonNull(ready, "ready");
        this.heartbeats = List.copyOf(heartbeats);
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * {@code WatchdogSec} as systemd passes it ({@code WATCHDOG_USEC}), when meant for this process
     * ({@code WATCHDOG_PID} absent or {@code pid}), as {@code sd_watchdog_enabled(3)} decides.
     */
    public static Optional<Duration> interval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return Optional.empty();
        }
        try {
            long us = Long.parseLong(usec.trim());
            return us > 0 ? Optional.of(Duration.ofNanos(us * 1_000L)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("ignoring WATCHDOG_USEC={}: not a number", usec);
            return Optional.empty();
        }
    }

    /** Starts the notifications; returns at once. */
    public Watchdog start() {
        long tickMillis = interval.map(d -> Math.max(100, Math.min(1_000, d.toMillis() / 4))).orElse(1_000L);
        timer.scheduleWithFixedDelay(this::tick, 0, tickMillis, TimeUnit.MILLISECONDS);
        LOG.info("notifying systemd at {}{}", socket.address(),
                interval.map(d -> ", watchdog every " + d.toMillis() / 2 + " ms").orElse(", no watchdog"));
        return this;
    }

    /** One look at the heartbeats; public for tests that drive time themselves. */
    void tick() {
        if (stopping) {
            return;
        }
        try {
            long now = System.nanoTime();
            List<String> msg = new ArrayList<>();
            if (!readySent && ready.getAsBoolean()) {
                msg.add("READY=1");
                readySent = true;
                LOG.info("ready: told systemd");
            }
            List<String> problems = new ArrayList<>();
            List<String> wedged = new ArrayList<>();
            if (readySent) {
                for (Heartbeat h : heartbeats) {
                    h.problem(now).ifPresent(p -> {
                        problems.add(p);
                        wedged.add(h.name());
                    });
                }
            }
            String line = problems.isEmpty() ? (readySent ? status.get() : "starting")
                    : "wedged, not feeding the watchdog: " + String.join("; ", problems);
            if (!wedged.equals(lastWedged)) {
                if (problems.isEmpty()) {
                    LOG.info("every loop alive again; feeding the watchdog");
                } else {
                    LOG.error("{}", line);
                }
                lastWedged = List.copyOf(wedged);
            }
            boolean due = interval.isPresent() && now - lastPing >= interval.get().toNanos() / 2;
            if (problems.isEmpty() && due) {
                msg.add("WATCHDOG=1");
                lastPing = now;
            }
            if (!line.equals(lastStatus) || !msg.isEmpty()) {
                msg.add("STATUS=" + line.replace('\n', ' '));
                lastStatus = line;
            }
            if (!msg.isEmpty()) {
                socket.send(String.join("\n", msg));
            }
        } catch (RuntimeException e) {
            LOG.warn("systemd notification failed: {}", e.getMessage());
        }
    }

    /** {@code STOPPING=1}: the service is shutting down; no more pings. */
    public void stopping() {
        stopping = true;
        try {
            socket.send("STOPPING=1\nSTATUS=stopping");
        } catch (RuntimeException e) {
            LOG.debug("STOPPING=1 not sent: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}

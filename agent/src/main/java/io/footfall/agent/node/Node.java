package io.footfall.agent.node;

import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.datadir.DataDirLock;
import io.footfall.agent.datadir.PrivateFiles;
import io.footfall.agent.health.HealthCadence;
import io.footfall.agent.health.HealthReport;
import io.footfall.agent.health.MqttHealth;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.outbox.CountsMerger;
import io.footfall.agent.outbox.OutboxFile;
import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.hal.HalException;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.spi.HalSettings;
import io.footfall.hal.wifi.ProbeCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: hardware, pipeline, outbox and forwarder, opened in that order of dependence and
 * closed in reverse. Store first, then the wire: the pipeline writes the outbox, the forwarder drains it.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    /** How often the health timer looks for a change of state worth a report of its own. */
    private static final long HEALTH_CHECK_SECONDS = 10;

    /** How often the status file is rewritten while nobody reads it. */
    private static final long STATUS_UNWATCHED_NANOS = 10_000_000_000L;

    private long lastStatusWrite = Long.MIN_VALUE / 2;

    private final AgentConfig cfg;
    private final DataDirLock lock;
    private final SqliteOutbox outbox;
    private final Hal hal;
    private final Forwarder forwarder;
    private final NodeAgent agent;
    private final ScheduledExecutorService healthTimer =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "health");
                t.setDaemon(true);
                return t;
            });

    private Node(AgentConfig cfg, DataDirLock lock, SqliteOutbox outbox, Hal hal, Forwarder forwarder) {
        this.cfg = cfg;
        this.lock = lock;
        this.outbox = outbox;
        this.hal = hal;
        this.forwarder = forwarder;
        this.agent = new NodeAgent(hal, cfg.ids(), cfg.window(), NodeSetup.decoder(cfg), NodeSetup.privacy(cfg), outbox,
                forwarder::wake);
    }

    /**
     * Checks the configuration, takes the data directory's lock (refusing with {@link
     * io.footfall.agent.datadir.DataDirLockedException} while another process holds it), then opens
     * everything; nothing runs until {@link #run()}.
     */
    public static Node open(AgentConfig cfg) {
        NodeSetup.check(cfg);
        try {
            PrivateFiles.createDirectories(cfg.dataDir());
        } catch (IOException e) {
            throw new HalException("cannot create data directory " + cfg.dataDir(), e);
        }
        DataDirLock lock = DataDirLock.acquire(cfg.dataDir(), "only one agent may use a data directory: stop the other one"
                + " (systemctl stop footfall) or give this one its own --data-dir");
        SqliteOutbox outbox;
        try {
            outbox = new SqliteOutbox(OutboxFile.in(cfg.dataDir()), cfg.ids().node(), NodeSetup.outboxLimits(cfg), new CountsMerger(Kinds.STANDARD.sections()));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        Hal hal;
        try {
            hal = NodeSetup.provider(cfg.hal()).open(new HalSettings(cfg.passages(), cfg.wifi(), cfg.dataDir(),
                    outbox.lastWindowEndMillis(), cfg.options()));
        } catch (RuntimeException e) {
            outbox.close();
            lock.close();
            throw e;
        }
        Forwarder forwarder = new Forwarder(NodeSetup.mqtt(cfg), cfg.ids(), outbox);
        return new Node(cfg, lock, outbox, hal, forwarder);
    }

    /** Counts and publishes until {@link #stop()}. */
    public void run() {
        LOG.info("footfall node {}/{} starting: hal={}, broker={}, last seq {}", cfg.ids().site(), cfg.ids().node(), cfg.hal(),
                cfg.broker(), outbox.lastSeq());
        forwarder.start();
        HealthReport health = new HealthReport(cfg.ids(), new HealthReadings(agent), outbox,
                hal.clock(), () -> MqttHealth.of(forwarder.status()), cfg.dataDir());
        HealthCadence cadence = new HealthCadence(cfg.healthInterval());
        healthTimer.scheduleWithFixedDelay(() -> {
            try {
                cadence.check(health, forwarder::publishHealth, System.nanoTime());
            } catch (RuntimeException e) {
                LOG.warn("health report failed: {}", e.toString());
            }
        }, HEALTH_CHECK_SECONDS, HEALTH_CHECK_SECONDS, TimeUnit.SECONDS);
        HealthReport status = new HealthReport(cfg.ids(), new HealthReadings(agent), outbox, hal.clock(),
                () -> MqttHealth.of(forwarder.status()), cfg.dataDir());
        healthTimer.scheduleWithFixedDelay(() -> writeStatus(status), 1, 1, TimeUnit.SECONDS);
        agent.run();
    }

    /**
     * Replaces the status file in one rename, so {@code footfall watch} never reads half of it: every
     * second while someone reads it (its access time is after its last write), else every 10 s, since
     * building and writing it every second cost 0.2% of a core with nobody looking.
     */
    private void writeStatus(HealthReport status) {
        Path file = cfg.statusFile();
        long now = System.nanoTime();
        if (now - lastStatusWrite < STATUS_UNWATCHED_NANOS && !readSinceWritten(file)) {
            return;
        }
        lastStatusWrite = now;
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.write(PrivateFiles.createFile(tmp), status.statusJson());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.debug("status file {} not written: {}", file, e.toString());
        }
    }

    private static boolean readSinceWritten(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastAccessTime().compareTo(a.lastModifiedTime()) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    public void stop() {
        agent.stop();
    }

    public NodeAgent agent() {
        return agent;
    }

    /** The delivery loop, for the systemd watchdog's heartbeat and status line. */
    public Forwarder forwarder() {
        return forwarder;
    }

    /** The Wi-Fi capture, if this node counts Wi-Fi; for the systemd watchdog. */
    public Optional<ProbeCapture> capture() {
        return hal.wifi();
    }

    @Override
    public void close() {
        healthTimer.shutdownNow();
        try {
            healthTimer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(cfg.statusFile());
        } catch (IOException e) {
            LOG.debug("status file {} not removed: {}", cfg.statusFile(), e.toString());
        }
        try {
            forwarder.close();
        } finally {
            try {
                hal.close();
                outbox.close();
            } finally {
                lock.close();
            }
        }
    }
}

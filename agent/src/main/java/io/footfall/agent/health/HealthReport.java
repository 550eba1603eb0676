package io.footfall.agent.health;

import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.Outbox;
import io.footfall.agent.outbox.OutboxStatus;
import io.footfall.hal.NodeClock;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Takes {@link HealthSnapshot}s of a running node: the pipeline through the {@link PipelineReadings}
 * its node supplies, the outbox, the broker connection and the board. Published on
 * {@code footfall/v1/{site}/{node}/health} ({@link #json()}), and each second in full to the status
 * file {@code footfall watch} reads ({@link #statusJson()}).
 */
public final class HealthReport {
    /** The outbox and system readings, reused by the status file for up to 10 s. */
    private static final long SLOW_PARTS_MAX_AGE_NANOS = 10_000_000_000L;

    private final Topics ids;
    private final PipelineReadings pipeline;
    private final Outbox outbox;
    private final NodeClock clock;
    private final Supplier<MqttHealth> mqtt;
    private final Path dataDir;
    private final SystemProbe system = new SystemProbe();
    /** Each kind's reader for the snapshots (rates since the previous one), and another for the state signature. */
    private final List<Reader> sections;
    private final List<Reader> states;
    private SlowParts slowParts;
    private long slowPartsAt;

    private record Reader(String key, Supplier<? extends KindHealth> read) {}

    /** The readings that cost SQL, statfs and sysfs. */
    private record SlowParts(OutboxHealth outbox, SystemHealth system) {}

    /**
     * @param mqtt the broker connection and, from the forwarder's status ({@link MqttHealth#of}),
     *     refusals by the broker and the last delivery error
     */
    public HealthReport(Topics ids, PipelineReadings pipeline, Outbox outbox, NodeClock clock, Supplier<MqttHealth> mqtt, Path dataDir) {
        this.ids = ids;
        this.pipeline = pipeline;
        this.outbox = outbox;
        this.clock = clock;
        this.mqtt = mqtt;
        this.dataDir = dataDir;
        this.sections = readers(pipeline);
        this.states = readers(pipeline);
    }

    private static List<Reader> readers(PipelineReadings pipeline) {
        return pipeline.sensors().stream().map(s -> new Reader(s.kind().key(), s.reader())).toList();
    }

    private static Map<String, KindHealth> read(List<Reader> readers) {
        Map<String, KindHealth> m = new LinkedHashMap<>();
        readers.forEach(r -> m.put(r.key(), r.read().get()));
        return m;
    }

    /** Takes a snapshot with every field; rates are per second since the previous one. */
    public synchronized HealthSnapshot snapshot() {
        return snapshot(true);
    }

    /**
     * @param fresh false to reuse the outbox and system readings (SQL, statfs, sysfs) if they are
     *     under {@link #SLOW_PARTS_MAX_AGE_NANOS} old: the status file is rewritten every second
     */
    private HealthSnapshot snapshot(boolean fresh) {
        Map<String, KindHealth> sensors = read(sections);
        PipelineHealth p = PipelineHealth.of(pipeline.droppedEvents(), pipeline.unstoredWindows());
        long nowNanos = System.nanoTime();
        if (fresh || slowParts == null || nowNanos - slowPartsAt > SLOW_PARTS_MAX_AGE_NANOS) {
            slowParts = slowParts();
            slowPartsAt = nowNanos;
        }
        return new HealthSnapshot(HealthSnapshot.SCHEMA, ids.site(), ids.node(), Instant.ofEpochMilli(clock.wallMillis()),
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000, clock.synced(), sensors,
                Optional.of(p), slowParts.outbox(), mqtt.get(), slowParts.system(), Optional.empty());
    }

    private SlowParts slowParts() {
        Runtime rt = Runtime.getRuntime();
        return new SlowParts(OutboxHealth.of(outbox.status(), outbox.lastSeq()),
                SystemHealth.of(SystemProbe.usableBytes(dataDir), system.cpuTemperature(), system.throttledFlags(),
                        rt.totalMemory() - rt.freeMemory()));
    }

    /**
     * What a technician would want to hear about at once when it changes: each sensor kind's state
     * ({@link KindHealth#stateSignature()}: capture state, blocked passages), broker connection, windows the outbox could not take, storage faults, clock
     * synchronisation. Rates and counters are left out.
     */
    public synchronized String stateSignature() {
        StringBuilder b = new StringBuilder();
        read(states).values().forEach(k -> b.append(k.stateSignature()).append('|'));
        MqttHealth m = mqtt.get();
        b.append(m.connected() ? 'C' : 'D');
        m.refused().ifPresent(r -> b.append('r').append(r));
        b.append(pipeline.unstoredWindows() > 0 ? 'U' : '-');
        OutboxStatus o = outbox.status();
        b.append(o.storageOk() ? 'S' : 's').append(o.faults().size()).append('/').append(o.dropped());
        b.append(clock.synced() ? 'T' : 't'); // clock synchronisation gained or lost
        return b.toString();
    }

    /** The snapshot with every field plus the window now open, for {@code footfall watch} and {@code diag}. */
    public synchronized byte[] statusJson() {
        return HealthJson.write(snapshot(false).withWindow(pipeline.windowSoFar()));
    }

    /**
     * The snapshot as published on the health topic, in its {@linkplain HealthSnapshot#compact() compact form} (docs/MQTT.md, Health;
     * docs/schema/health.schema.json): a node sends one every 6 hours and at each change of state,
     * against a budget of 150 KB a day. Left out where they hold their default: {@code wifi.detail}
     * while the capture is {@code running} (it then only says how it reads); the counters
     * {@code pipeline.droppedEvents}, {@code pipeline.unstoredWindows}, {@code outbox.pending},
     * {@code outbox.coarsened}, {@code outbox.dropped}, {@code mqtt.refused} and
     * {@code mqtt.undeleted} when 0 ({@code pipeline} itself when both are); {@code outbox.faults}
     * when empty. {@link #statusJson()} (for {@code watch} and {@code diag}) keeps every field.
     */
    public byte[] json() {
        return HealthJson.write(snapshot().compact());
    }
}

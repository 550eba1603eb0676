package io.footfall.agent.health;

import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.mqtt.Forwarder;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.node.NodeAgent;
import io.footfall.agent.outbox.Outbox;
import io.footfall.agent.outbox.OutboxStatus;
import io.footfall.hal.NodeClock;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A health snapshot as published on {@code footfall/v1/{site}/{node}/health} (schema
 * {@code footfall.health/1}, see docs/MQTT.md). Never holds an address or a hash.
 */
public final class HealthReport {
    public static final String SCHEMA = "footfall.health/1";

    private final Topics ids;
    private final NodeAgent agent;
    private final Outbox outbox;
    private final NodeClock clock;
    private final BooleanSupplier brokerConnected;
    private final java.util.Optional<java.util.function.Supplier<Forwarder.Status>> delivery;
    private final Path dataDir;
    private final SystemProbe system = new SystemProbe();
    private long lastProbes;
    private long lastAtNanos = System.nanoTime();
    /** The outbox and system readings, reused by the status file for up to 10 s. */
    private static final long SLOW_PARTS_MAX_AGE_NANOS = 10_000_000_000L;
    private Map<String, Object> slowParts;
    private long slowPartsAt;

    public HealthReport(Topics ids, NodeAgent agent, Outbox outbox, NodeClock clock, BooleanSupplier brokerConnected, Path dataDir) {
        this(ids, agent, outbox, clock, brokerConnected, java.util.Optional.empty(), dataDir);
    }

    /** With the forwarder's status: refusals by the broker and the last delivery error go into {@code mqtt}. */
    public HealthReport(Topics ids, NodeAgent agent, Outbox outbox, NodeClock clock, java.util.function.Supplier<Forwarder.Status> delivery,
            Path dataDir) {
        this(ids, agent, outbox, clock, () -> delivery.get().connected(), java.util.Optional.of(delivery), dataDir);
    }

    private HealthReport(Topics ids, NodeAgent agent, Outbox outbox, NodeClock clock, BooleanSupplier brokerConnected,
            java.util.Optional<java.util.function.Supplier<Forwarder.Status>> delivery, Path dataDir) {
        this.delivery = delivery;
        this.ids = ids;
        this.agent = agent;
        this.outbox = outbox;
        this.clock = clock;
        this.brokerConnected = brokerConnected;
        this.dataDir = dataDir;
    }

    /** Builds the snapshot; rates are per second since the previous call. */
    public synchronized Map<String, Object> snapshot() {
        return snapshot(true);
    }

    /**
     * @param fresh false to reuse the outbox and system readings (SQL, statfs, sysfs) if they are
     *     under {@link #SLOW_PARTS_MAX_AGE_NANOS} old: the status file is rewritten every second
     */
    private Map<String, Object> snapshot(boolean fresh) {
        long now = System.nanoTime();
        long probes = agent.probesSeen();
        double seconds = Math.max(1e-3, (now - lastAtNanos) / 1e9);
        double probesPerSecond = (probes - lastProbes) / seconds;
        lastProbes = probes;
        lastAtNanos = now;

        Map<String, Object> h = new LinkedHashMap<>();
        h.put("schema", SCHEMA);
        h.put("site", ids.site());
        h.put("node", ids.node());
        h.put("time", Instant.ofEpochMilli(clock.wallMillis()).toString());
        h.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        h.put("clockSynced", clock.synced());
        h.put("beam", Map.of("passages", agent.passageStates().stream()
                .map(p -> Map.of("name", p.name(), "blocked", p.blocked(), "crossings", p.crossings())).toList()));
        Map<String, Object> wifi = new LinkedHashMap<>();
        wifi.put("state", agent.captureState().status().name().toLowerCase(Locale.ROOT));
        wifi.put("detail", agent.captureState().detail());
        wifi.put("probesPerSecond", Math.round(probesPerSecond * 10) / 10.0);
        h.put("wifi", wifi);
        h.put("pipeline", Map.of("droppedEvents", agent.dropped(), "unstoredWindows", agent.unstoredWindows()));
        long nowNanos = System.nanoTime();
        if (fresh || slowParts == null || nowNanos - slowPartsAt > SLOW_PARTS_MAX_AGE_NANOS) {
            slowParts = slowParts();
            slowPartsAt = nowNanos;
        }
        h.put("outbox", slowParts.get("outbox"));
        h.put("mqtt", mqtt());
        h.put("system", slowParts.get("system"));
        return h;
    }

    private Map<String, Object> mqtt() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connected", brokerConnected.getAsBoolean());
        delivery.ifPresent(d -> {
            Forwarder.Status s = d.get();
            m.put("refused", s.refused());
            s.lastRefusal().ifPresent(r -> m.put("lastRefusal", r));
            m.put("undeleted", s.undeleted());
            s.lastError().ifPresent(e -> m.put("lastError", e));
        });
        return m;
    }

    private Map<String, Object> slowParts() {
        OutboxStatus o = outbox.status();
        Map<String, Object> ob = new LinkedHashMap<>();
        ob.put("depth", o.depth());
        ob.put("lastSeq", outbox.lastSeq());
        ob.put("pending", o.pending());
        ob.put("coarsened", o.coarsened());
        ob.put("dropped", o.dropped());
        ob.put("storageOk", o.storageOk());
        ob.put("faults", o.faults());
        Map<String, Object> sys = new LinkedHashMap<>();
        SystemProbe.usableBytes(dataDir).ifPresent(b -> sys.put("diskFreeBytes", b));
        system.cpuTemperature().ifPresent(t -> sys.put("cpuTemperatureC", Math.round(t * 10) / 10.0));
        system.throttledFlags().ifPresent(f -> {
            sys.put("underVoltage", (f & 0x1) != 0);
            sys.put("throttled", (f & 0x4) != 0);
            sys.put("underVoltageSinceBoot", (f & 0x10000) != 0);
        });
        Runtime rt = Runtime.getRuntime();
        sys.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        return Map.of("outbox", ob, "system", sys);
    }

    /**
     * What a technician would want to hear about at once when it changes: capture state, blocked
     * passages, broker connection, windows the outbox could not take, storage faults, clock
     * synchronisation. Rates and counters are left out.
     */
    public String stateSignature() {
        StringBuilder b = new StringBuilder(agent.captureState().status().name());
        agent.passageStates().forEach(p -> b.append(p.blocked() ? 'B' : '-'));
        b.append(brokerConnected.getAsBoolean() ? 'C' : 'D');
        delivery.ifPresent(d -> b.append('r').append(d.get().refused()));
        b.append(agent.unstoredWindows() > 0 ? 'U' : '-');
        OutboxStatus o = outbox.status();
        b.append(o.storageOk() ? 'S' : 's').append(o.faults().size()).append('/').append(o.dropped());
        b.append(clock.synced() ? 'T' : 't'); // clock synchronisation gained or lost
        return b.toString();
    }

    /** The snapshot plus the window now open, for {@code footfall watch}. */
    public synchronized byte[] statusJson() {
        Map<String, Object> h = snapshot(false);
        agent.windowSoFar().ifPresent(w -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", Instant.ofEpochMilli(w.startMillis()).toString());
            m.put("end", Instant.ofEpochMilli(w.endMillis()).toString());
            m.put("beam", CountsJson.beam(w.beam()));
            m.put("probes", w.probes());
            // coverage so far: "of" is the time elapsed in the window, not its length
            Map<String, Object> coverage = CountsJson.coverage(w.coverage());
            w.coverage().wifi().ifPresent(c -> coverage.put("capturing", c.capturing()));
            m.put("coverage", coverage);
            h.put("window", m);
        });
        return CountsJson.write(h);
    }

    /**
     * The snapshot as published on the health topic, in its compact form (docs/MQTT.md, Health;
     * docs/schema/health.schema.json): a node sends one every 6 hours and at each change of state,
     * against a budget of 150 KB a day. Left out where they hold their default: {@code wifi.detail}
     * while the capture is {@code running} (it then only says how it reads); the counters
     * {@code pipeline.droppedEvents}, {@code pipeline.unstoredWindows}, {@code outbox.pending},
     * {@code outbox.coarsened}, {@code outbox.dropped}, {@code mqtt.refused} and
     * {@code mqtt.undeleted} when 0 ({@code pipeline} itself when both are); {@code outbox.faults}
     * when empty. {@link #statusJson()} (for {@code watch} and {@code diag}) keeps every field.
     */
    public byte[] json() {
        return CountsJson.write(compact(snapshot()));
    }

    /** The compact form of a snapshot; see {@link #json()}. */
    static Map<String, Object> compact(Map<String, Object> snapshot) {
        Map<String, Object> h = new LinkedHashMap<>(snapshot);
        h.computeIfPresent("wifi", (k, v) -> {
            Map<String, Object> wifi = new LinkedHashMap<>(cast(v));
            if ("running".equals(wifi.get("state"))) {
                wifi.remove("detail");
            }
            return wifi;
        });
        h.computeIfPresent("pipeline", (k, v) -> withoutZeros(cast(v), List.of("droppedEvents", "unstoredWindows")));
        if (h.get("pipeline") instanceof Map<?, ?> p && p.isEmpty()) {
            h.remove("pipeline");
        }
        h.computeIfPresent("outbox", (k, v) -> {
            Map<String, Object> ob = withoutZeros(cast(v), List.of("pending", "coarsened", "dropped"));
            if (ob.get("faults") instanceof java.util.Collection<?> f && f.isEmpty()) {
                ob.remove("faults");
            }
            return ob;
        });
        h.computeIfPresent("mqtt", (k, v) -> withoutZeros(cast(v), List.of("refused", "undeleted")));
        return h;
    }

    private static Map<String, Object> withoutZeros(Map<String, Object> m, List<String> counters) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        for (String c : counters) {
            if (out.get(c) instanceof Number n && n.longValue() == 0) {
                out.remove(c);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object m) {
        return (Map<String, Object>) m;
    }
}

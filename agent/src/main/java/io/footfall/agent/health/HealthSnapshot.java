package io.footfall.agent.health;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A health snapshot (schema {@value #SCHEMA}, docs/MQTT.md and docs/schema/health.schema.json):
 * published on {@code footfall/v1/{site}/{node}/health} in its {@link #compact()} form, written
 * whole with the {@link #window() window so far} to the status file that {@code footfall watch} and
 * {@code diag} read, and kept by {@code receive --store}. Never holds an address or a hash.
 *
 * <p>Each {@code Optional} is a field the wire may leave out; its absence has the default its
 * section states (a counter 0, a list empty). A snapshot read from JSON keeps exactly the fields it
 * had, so writing it again gives the same text.
 *
 * @param sensors each sensor kind's section under its key, in the kinds' order ({@code beam}, {@code wifi},
 *     then any other registered kind's): written in place of this field, between {@code clockSynced}
 *     and {@code pipeline} ({@link HealthJson})
 * @param pipeline absent in the compact form when both its counters are 0
 * @param window only in the status file: the window now open
 */
public record HealthSnapshot(String schema, String site, String node, Instant time, long uptimeSeconds, boolean clockSynced,
        Map<String, KindHealth> sensors, Optional<PipelineHealth> pipeline, OutboxHealth outbox, MqttHealth mqtt, SystemHealth system,
        Optional<WindowSoFar> window) {
    public static final String SCHEMA = "footfall.health/1";

    public HealthSnapshot {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(time, "time");
        sensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(sensors, "sensors")));
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(window, "window");
    }

    /**
     * The form published on the health topic (docs/MQTT.md, Health): a node sends one every hour and
     * at each change of state, against a budget of 150 KB a day. Left out where they hold their
     * default: {@code wifi.detail} while the capture is {@code running}; the counters
     * {@code pipeline.droppedEvents}, {@code pipeline.unstoredWindows}, {@code outbox.pending},
     * {@code outbox.coarsened}, {@code outbox.dropped}, {@code mqtt.refused} and
     * {@code mqtt.undeleted} when 0 ({@code pipeline} itself when both are); {@code outbox.faults}
     * when empty; the window so far.
     */
    public HealthSnapshot compact() {
        Optional<PipelineHealth> p = pipeline.map(PipelineHealth::compact).filter(x -> !x.isEmpty());
        Map<String, KindHealth> c = new LinkedHashMap<>();
        sensors.forEach((key, section) -> c.put(key, section.compact()));
        return new HealthSnapshot(schema, site, node, time, uptimeSeconds, clockSynced, c, p, outbox.compact(),
                mqtt.compact(), system, Optional.empty());
    }

    /** This snapshot with the window now open, for the status file. */
    public HealthSnapshot withWindow(Optional<WindowSoFar> w) {
        return new HealthSnapshot(schema, site, node, time, uptimeSeconds, clockSynced, sensors, pipeline, outbox, mqtt, system, w);
    }

    /** A snapshot of a node with the standard kinds only: crossings and Wi-Fi. */
    public HealthSnapshot(String schema, String site, String node, Instant time, long uptimeSeconds, boolean clockSynced,
            BeamHealth beam, WifiHealth wifi, Optional<PipelineHealth> pipeline, OutboxHealth outbox, MqttHealth mqtt, SystemHealth system,
            Optional<WindowSoFar> window) {
        this(schema, site, node, time, uptimeSeconds, clockSynced, standard(beam, wifi), pipeline, outbox, mqtt, system, window);
    }

    private static Map<String, KindHealth> standard(BeamHealth beam, WifiHealth wifi) {
        Map<String, KindHealth> m = new LinkedHashMap<>();
        m.put(BeamHealth.KIND.key(), Objects.requireNonNull(beam, "beam"));
        m.put(WifiHealth.KIND.key(), Objects.requireNonNull(wifi, "wifi"));
        return m;
    }

    /** The section of {@code kind}, if this snapshot has it. */
    public <H extends KindHealth> Optional<H> section(HealthKind<H> kind) {
        return Optional.ofNullable(sensors.get(kind.key())).filter(kind.type()::isInstance).map(kind.type()::cast);
    }

    /** The crossings' section, which every snapshot of a node has. */
    public BeamHealth beam() {
        return section(BeamHealth.KIND).orElseThrow(() -> new IllegalStateException("no beam section"));
    }

    /** The Wi-Fi section, which every snapshot of a node has. */
    public WifiHealth wifi() {
        return section(WifiHealth.KIND).orElseThrow(() -> new IllegalStateException("no wifi section"));
    }
}

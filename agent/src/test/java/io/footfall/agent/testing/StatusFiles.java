package io.footfall.agent.testing;

import io.footfall.agent.health.BeamHealth;
import io.footfall.agent.health.HealthSnapshot;
import io.footfall.agent.health.MqttHealth;
import io.footfall.agent.health.OutboxHealth;
import io.footfall.agent.health.PipelineHealth;
import io.footfall.agent.health.SystemHealth;
import io.footfall.agent.health.WifiHealth;
import io.footfall.agent.outbox.OutboxStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Health snapshots for tests of what reads the status file ({@code watch}, {@code diag}). */
public final class StatusFiles {
    private StatusFiles() {}

    /** A healthy node with one passage, every field filled in as the agent writes them, no window open. */
    public static HealthSnapshot snapshot(String site, String node) {
        return new HealthSnapshot(HealthSnapshot.SCHEMA, site, node, Instant.parse("2026-11-22T10:07:31Z"), 60, true,
                new BeamHealth(List.of(new BeamHealth.Passage("door-1", false, 3))),
                new WifiHealth("running", Optional.of("capturing on wlan1"), 2.5), Optional.of(PipelineHealth.of(0, 0)),
                OutboxHealth.of(new OutboxStatus(0, 0, 0, 0, 0, List.of(), true), 12), MqttHealth.connected(true),
                SystemHealth.of(OptionalLong.of(1L << 30), OptionalDouble.empty(), OptionalLong.empty(), 1L << 20), Optional.empty());
    }
}

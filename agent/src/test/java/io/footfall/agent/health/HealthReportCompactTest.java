package io.footfall.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.kinds.Kinds;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The published health snapshot leaves out what holds its default, and nothing else. */
class HealthReportCompactTest {
    static HealthSnapshot snapshot(String state, long dropped, long pending, long refused, List<String> faults) {
        HealthSnapshot h = HealthPayloadGoldenTest.snapshot(false);
        return new HealthSnapshot(h.schema(), h.site(), h.node(), h.time(), h.uptimeSeconds(), h.clockSynced(), h.beam(),
                new WifiHealth(state, Optional.of("capturing on wlan1"), 4.2), Optional.of(PipelineHealth.of(dropped, 0)),
                new OutboxHealth(0, 1234, OptionalLong.of(pending), OptionalLong.of(0), OptionalLong.of(0), true, Optional.of(faults)),
                new MqttHealth(true, OptionalLong.of(refused), Optional.empty(), OptionalLong.of(0), Optional.empty()), h.system(),
                Optional.empty());
    }

    @Test
    void a_healthy_node_leaves_out_its_zero_counters_empty_faults_and_the_running_captures_detail() {
        HealthSnapshot c = snapshot("running", 0, 0, 0, List.of()).compact();
        assertEquals(new WifiHealth("running", Optional.empty(), 4.2), c.wifi());
        assertEquals(Optional.empty(), c.pipeline());
        assertEquals(new OutboxHealth(0, 1234, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), true, Optional.empty()),
                c.outbox());
        assertEquals(MqttHealth.connected(true), c.mqtt());
    }

    @Test
    void whatever_is_not_at_its_default_is_kept() {
        HealthSnapshot c = snapshot("quiet", 3, 2, 1, List.of("SQLITE_FULL")).compact();
        assertEquals(Optional.of("capturing on wlan1"), c.wifi().detail());
        assertEquals(Optional.of(new PipelineHealth(OptionalLong.of(3), OptionalLong.empty())), c.pipeline());
        assertEquals(OptionalLong.of(2), c.outbox().pending());
        assertEquals(Optional.of(List.of("SQLITE_FULL")), c.outbox().faults());
        assertEquals(new MqttHealth(true, OptionalLong.of(1), Optional.empty(), OptionalLong.empty(), Optional.empty()), c.mqtt());
    }

    @Test
    void the_compact_form_never_carries_the_window_so_far() {
        HealthSnapshot status = HealthJson.read(HealthPayloadGoldenTest.STATUS_FILE.getBytes(java.nio.charset.StandardCharsets.UTF_8), Kinds.STANDARD.health());
        assertTrue(status.window().isPresent());
        assertTrue(status.compact().window().isEmpty());
    }
}

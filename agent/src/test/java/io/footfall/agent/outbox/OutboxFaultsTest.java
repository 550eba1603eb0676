package io.footfall.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboxFaultsTest {
    final OutboxFaults faults = new OutboxFaults(Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC));

    @Test
    void a_run_of_failed_writes_is_one_fault_with_its_first_error_and_its_end_is_another() {
        assertEquals(Optional.of("2026-11-30T04:00:00Z cannot store window seq 7: [SQLITE_FULL]"), faults.writeFailed("store window seq 7", "[SQLITE_FULL]"));
        assertEquals(Optional.empty(), faults.writeFailed("store window seq 7", "[SQLITE_FULL]"));
        assertEquals(Optional.empty(), faults.writeFailed("delete seq 3", "[SQLITE_READONLY]"));
        assertFalse(faults.storageOk());
        assertTrue(faults.writeWorked());
        assertFalse(faults.writeWorked(), "already working: nothing recorded");
        assertTrue(faults.storageOk());
        assertEquals(List.of("2026-11-30T04:00:00Z cannot store window seq 7: [SQLITE_FULL]", "2026-11-30T04:00:00Z storage works again"),
                faults.list());
    }

    @Test
    void only_the_last_fifty_faults_are_kept_oldest_first() {
        for (int i = 1; i <= OutboxFaults.MAX + 5; i++) {
            faults.add("fault " + i);
        }
        List<String> kept = faults.list();
        assertEquals(OutboxFaults.MAX, kept.size());
        assertEquals("2026-11-30T04:00:00Z fault 6", kept.get(0));
        assertEquals("2026-11-30T04:00:00Z fault 55", kept.get(kept.size() - 1));
    }
}

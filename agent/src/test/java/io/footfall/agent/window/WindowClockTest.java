package io.footfall.agent.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowClockTest {
    private final WindowClock fiveMinutes = new WindowClock(Duration.ofMinutes(5));

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void windows_start_on_clock_boundaries() {
        assertEquals(at("2026-11-22T10:05:00Z"), fiveMinutes.startOf(at("2026-11-22T10:09:59.999Z")));
        assertEquals(at("2026-11-22T10:10:00Z"), fiveMinutes.startOf(at("2026-11-22T10:10:00Z")));
    }

    @Test
    void a_boundary_is_its_own_ceiling_and_anything_after_it_rounds_up() {
        assertEquals(at("2026-11-22T10:10:00Z"), fiveMinutes.ceil(at("2026-11-22T10:10:00Z")));
        assertEquals(at("2026-11-22T10:15:00Z"), fiveMinutes.ceil(at("2026-11-22T10:10:00.001Z")));
    }

    @Test
    void times_before_the_epoch_still_align_downwards() {
        assertEquals(-300_000L, fiveMinutes.startOf(-1));
    }
}

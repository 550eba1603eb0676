package io.footfall.agent.health;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The system section of a health snapshot ({@code system}): what the board says about itself,
 * where it says it (see {@link SystemProbe}); a PC has no temperature or firmware flags.
 *
 * @param cpuTemperatureC to a tenth of a degree
 * @param underVoltage firmware flag bit 0, under-voltage now
 * @param throttled firmware flag bit 2, throttled now
 * @param underVoltageSinceBoot firmware flag bit 16
 */
public record SystemHealth(OptionalLong diskFreeBytes, OptionalDouble cpuTemperatureC, Optional<Boolean> underVoltage,
        Optional<Boolean> throttled, Optional<Boolean> underVoltageSinceBoot, long heapUsedBytes) {
    public SystemHealth {
        Objects.requireNonNull(diskFreeBytes, "system.diskFreeBytes");
        Objects.requireNonNull(cpuTemperatureC, "system.cpuTemperatureC");
        Objects.requireNonNull(underVoltage, "system.underVoltage");
        Objects.requireNonNull(throttled, "system.throttled");
        Objects.requireNonNull(underVoltageSinceBoot, "system.underVoltageSinceBoot");
    }

    /**
     * @param throttledFlags the firmware's flags ({@link SystemProbe#throttledFlags()}), when the board has them
     */
    public static SystemHealth of(OptionalLong diskFreeBytes, OptionalDouble cpuTemperatureC, OptionalLong throttledFlags,
            long heapUsedBytes) {
        OptionalDouble tenths = cpuTemperatureC.isPresent()
                ? OptionalDouble.of(Math.round(cpuTemperatureC.getAsDouble() * 10) / 10.0) : OptionalDouble.empty();
        Optional<Long> flags = throttledFlags.isPresent() ? Optional.of(throttledFlags.getAsLong()) : Optional.empty();
        return new SystemHealth(diskFreeBytes, tenths, flags.map(f -> (f & 0x1) != 0), flags.map(f -> (f & 0x4) != 0),
                flags.map(f -> (f & 0x10000) != 0), heapUsedBytes);
    }
}

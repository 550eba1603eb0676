package io.footfall.agent.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the board says about itself, where it says it: CPU temperature, under-voltage and throttling
 * (Raspberry Pi firmware), free disk. Every reading is optional: a PC has no firmware flags.
 */
public final class SystemProbe {
    private final Path thermal;
    private final Path throttled;

    public SystemProbe() {
        this(Path.of("/sys/class/thermal/thermal_zone0/temp"), Path.of("/sys/devices/platform/soc/soc:firmware/get_throttled"));
    }

    SystemProbe(Path thermal, Path throttled) {
        this.thermal = thermal;
        this.throttled = throttled;
    }

    /** CPU temperature in °C. */
    public OptionalDouble cpuTemperature() {
        OptionalLong milli = readLong(thermal, 10);
        return milli.isPresent() ? OptionalDouble.of(milli.getAsLong() / 1000.0) : OptionalDouble.empty();
    }

    /**
     * The firmware's throttling flags (bit 0 under-voltage now, bit 2 throttled now, bit 16 under-voltage
     * has occurred, bit 18 throttling has occurred).
     */
    public OptionalLong throttledFlags() {
        return readLong(throttled, 16);
    }

    public static OptionalLong usableBytes(Path dir) {
        try {
            return OptionalLong.of(Files.getFileStore(dir).getUsableSpace());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong readLong(Path p, int radix) {
        try {
            String s = Files.readString(p).trim();
            if (radix == 16 && s.startsWith("0x")) {
                s = s.substring(2);
            }
            return OptionalLong.of(Long.parseLong(s, radix));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}

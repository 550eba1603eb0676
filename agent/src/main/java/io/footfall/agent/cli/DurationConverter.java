package io.footfall.agent.cli;

import io.footfall.hal.Options;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration option as every duration setting is read ({@link Options#parseDuration}): {@code 250ms}, {@code 30s}, {@code 10m}, {@code 2h}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Options.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration such as 250ms, 30s, 10m or 2h");
        }
    }
}

package io.footfall.hal.spi;

import java.util.Objects;

/**
 * One line of {@code footfall diag} that a provider contributes about its own hardware
 * ({@link HalProvider#diagnose}), e.g. {@code gpio PASS GPIO character device present}.
 *
 * @param name a short lower-case name, e.g. {@code gpio} or {@code wifi-interface}
 * @param detail what was found and, when it failed, what to do about it
 */
public record DiagCheck(String name, Status status, String detail) {
    /** {@code FAIL} makes {@code footfall diag} exit 1; {@code WARN} does not. */
    public enum Status { PASS, WARN, FAIL }

    public DiagCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a check needs a name");
        }
    }
}

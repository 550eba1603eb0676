package io.footfall.hal.wifi;

import java.util.Objects;

/**
 * How the Wi-Fi capture is doing, for health reports. {@code detail} is for people and never holds
 * a device address.
 */
public record CaptureState(Status status, String detail, long framesSeen, long malformed) {
    public enum Status {
        /** Not started, or turned off with {@code --wifi off}. */
        OFF,
        STARTING,
        RUNNING,
        /** Running, but nothing heard for longer than the configured quiet time. */
        QUIET,
        /** The capture process died; it is restarted with backoff. */
        RESTARTING,
        INTERFACE_MISSING,
        MONITOR_UNSUPPORTED,
        FAILED
    }

    public CaptureState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static CaptureState of(Status status, String detail) {
        return new CaptureState(status, detail, 0, 0);
    }
}

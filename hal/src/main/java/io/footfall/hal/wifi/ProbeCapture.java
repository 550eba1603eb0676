package io.footfall.hal.wifi;

/** A source of probe requests: a monitor-mode radio, a capture command, or the simulator. */
public interface ProbeCapture extends AutoCloseable {
    /** Starts capturing on a thread of its own; returns at once. */
    void start(ProbeListener listener);

    /** The latest state, as also reported to the listener. */
    CaptureState state();

    /** Stops capturing, ends any child process and joins its threads. Idempotent. */
    @Override
    void close();
}

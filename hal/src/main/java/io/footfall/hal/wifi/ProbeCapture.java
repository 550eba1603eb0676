package io.footfall.hal.wifi;

import java.util.List;

/** A source of probe requests: a monitor-mode radio, a capture command, or the simulator. */
public interface ProbeCapture extends AutoCloseable {
    /** Starts capturing on a thread of its own; returns at once. */
    void start(ProbeListener listener);

    /** The latest state, as also reported to the listener. */
    CaptureState state();

    /**
     * The channels this capture tunes the radio to while it runs (its hop list); empty when it
     * does not tune the radio itself and so cannot say (a capture command, the simulator).
     */
    default List<Integer> channels() {
        return List.of();
    }

    /** Stops capturing, ends any child process and joins its threads. Idempotent. */
    @Override
    void close();
}

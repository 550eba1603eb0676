package io.footfall.agent.beam;

import io.footfall.hal.FootfallException;

/** A beam trace line that cannot be read; the message names the source and the line number. */
public final class TraceException extends FootfallException {
    private final long line;

    public TraceException(String source, long line, String problem) {
        super(source + " line " + line + ": " + problem);
        this.line = line;
    }

    public long line() {
        return line;
    }
}

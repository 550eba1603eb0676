package io.footfall.agent.outbox;

import io.footfall.hal.FootfallException;

/** The outbox could not be read or written. */
public class OutboxException extends FootfallException {
    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.footfall.agent.store;

import io.footfall.hal.FootfallException;

/** The counts store could not be opened, migrated, written or read. */
public class StoreException extends FootfallException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

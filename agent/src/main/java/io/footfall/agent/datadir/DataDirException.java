package io.footfall.agent.datadir;

import io.footfall.hal.FootfallException;

/** The data directory cannot be prepared or locked. */
public class DataDirException extends FootfallException {
    public DataDirException(String message) {
        super(message);
    }

    public DataDirException(String message, Throwable cause) {
        super(message, cause);
    }
}

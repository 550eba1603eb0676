package io.footfall.hal;

/** A sensor or its implementation could not be opened or failed while running. */
public class HalException extends FootfallException {
    public HalException(String message) {
        super(message);
    }

    public HalException(String message, Throwable cause) {
        super(message, cause);
    }
}

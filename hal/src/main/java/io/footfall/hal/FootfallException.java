package io.footfall.hal;

/**
 * Root of footfall's own unchecked exceptions. One subtype per concern; a cause is always wrapped
 * with the context in which it happened. Messages never contain a device address or its hash.
 */
public class FootfallException extends RuntimeException {
    public FootfallException(String message) {
        super(message);
    }

    public FootfallException(String message, Throwable cause) {
        super(message, cause);
    }
}

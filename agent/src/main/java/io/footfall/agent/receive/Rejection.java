package io.footfall.agent.receive;

import java.util.Objects;

/**
 * Why a message on a counts topic was not taken. Nothing rejected reaches the ledger or a store.
 *
 * @param detail what was wrong, for a person; may quote the payload, so escape it before showing it
 *     ({@link Text#terminal})
 */
public record Rejection(Kind kind, String detail) {
    public enum Kind {
        /** larger than the receiver's payload bound; not even parsed */
        OVERSIZED,
        /** not JSON, or JSON that breaks docs/schema/counts.schema.json or the id/seq rules */
        MALFORMED,
        /** site or node in the payload differ from the topic it was published on */
        IDENTITY
    }

    public Rejection {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(detail);
    }

    /** Thrown by {@link CountsParser}; carries the {@link Rejection}. */
    static final class RejectedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient Rejection rejection;

        RejectedException(Kind kind, String detail) {
            super(detail);
            this.rejection = new Rejection(kind, detail);
        }

        Rejection rejection() {
            return rejection;
        }
    }
}

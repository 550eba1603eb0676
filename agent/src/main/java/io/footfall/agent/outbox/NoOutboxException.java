package io.footfall.agent.outbox;

/** There is no outbox file where one was looked for (not yet created by a first run, or a wrong data directory). */
public final class NoOutboxException extends OutboxException {
    public NoOutboxException(String message) {
        super(message, null);
    }
}

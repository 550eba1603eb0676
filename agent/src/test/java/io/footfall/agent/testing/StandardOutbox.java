package io.footfall.agent.testing;

import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.outbox.CountsMerger;
import io.footfall.agent.outbox.OutboxLimits;
import io.footfall.agent.outbox.SqliteOutbox;
import java.nio.file.Path;

/**
 * An outbox as the node opens it with its own kinds ({@link Kinds#STANDARD}) and the default limits:
 * the outbox package has no default kinds of its own, so tests pass them as the node does.
 */
public final class StandardOutbox {
    private StandardOutbox() {}

    public static SqliteOutbox open(Path file, String node) {
        return new SqliteOutbox(file, node, OutboxLimits.defaults(), new CountsMerger(Kinds.STANDARD.sections()));
    }
}

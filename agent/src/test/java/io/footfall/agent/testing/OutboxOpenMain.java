package io.footfall.agent.testing;

import io.footfall.agent.outbox.SqliteOutbox;
import java.nio.file.Path;

/**
 * A child JVM (run it with the launcher's small heap) that opens an outbox as the agent does at
 * start, appends one window and prints {@code opened <depth> <faults>}. Usage: {@code OutboxOpenMain outbox.db node}
 */
public final class OutboxOpenMain {
    private OutboxOpenMain() {}

    public static void main(String[] args) {
        try (SqliteOutbox o = StandardOutbox.open(Path.of(args[0]), args[1])) {
            Windows.appendNext(o, new io.footfall.agent.mqtt.Topics("mechelen", args[1]));
            System.out.println("opened " + o.depth() + " " + o.status().faults().size());
        }
    }
}

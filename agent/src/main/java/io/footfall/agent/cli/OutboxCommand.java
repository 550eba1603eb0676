package io.footfall.agent.cli;

import io.footfall.agent.outbox.OutboxFile;
import io.footfall.agent.outbox.OutboxMessage;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code footfall outbox status|list|purge}: what the node still has to deliver. Reads the file
 * directly and is safe while the agent runs; {@code status} and {@code list} never write or create
 * anything, {@code purge} takes the data directory's lock, so it refuses while the agent runs.
 */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = {"Inspect or empty the durable outbox (DIR/outbox.db). Exit code 0, 1 when it cannot be read,",
            "75 when purge is refused because the agent is running (it holds DIR/lock)."})
public final class OutboxCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "/var/lib/footfall", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "the agent's data directory (default: ${DEFAULT-VALUE})")
    Path dataDir;

    private Path file() {
        return OutboxFile.in(dataDir);
    }

    @Command(name = "status", description = "Depth, oldest window, stream, last seq, quarantined files.")
    int status() {
        PrintWriter out = spec.commandLine().getOut();
        return guarded(() -> {
            OutboxFile.Summary s = OutboxFile.summary(file());
            out.println("outbox      " + s.file());
            out.println("stream      " + s.streamId());
            out.println("last seq    " + s.lastSeq());
            out.println("depth       " + s.depth() + " messages, " + s.payloadBytes() + " bytes");
            out.println("oldest      " + s.oldestWindowStartMillis().map(m -> Instant.ofEpochMilli(m).toString()).orElse("-"));
            out.println("newest      " + s.newestWindowEndMillis().map(m -> Instant.ofEpochMilli(m).toString()).orElse("-"));
            out.println("quarantined " + (s.quarantined().isEmpty() ? "none" : String.join(", ", s.quarantined())));
        });
    }

    @Command(name = "list", description = "The stored messages, oldest first: seq, id, window, bytes.")
    int list(@Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "at most N (default: ${DEFAULT-VALUE})") int limit,
            @Option(names = "--payload", description = "print each payload too") boolean payload) {
        PrintWriter out = spec.commandLine().getOut();
        return guarded(() -> {
            for (OutboxMessage m : OutboxFile.list(file(), limit)) {
                out.println(m.seq() + " " + m.id() + " " + Instant.ofEpochMilli(m.windowStartMillis()) + ".."
                        + Instant.ofEpochMilli(m.windowEndMillis()) + " " + m.payload().length + " bytes"
                        + (payload ? " " + new String(m.payload(), StandardCharsets.UTF_8) : ""));
            }
        });
    }

    @Command(name = "purge", description = {"Delete every stored message, delivered or not. Seq and stream stay, so the",
        "platform sees the purged windows as a gap. Needs --yes."})
    int purge(@Option(names = "--yes", description = "really delete") boolean yes) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!yes) {
            err.println("footfall outbox purge deletes undelivered windows for good; add --yes to do it");
            return 2;
        }
        return guarded(() -> out.println("purged " + OutboxFile.purge(file()) + " messages from " + file()));
    }

    /** Runs {@code r}; a {@link io.footfall.hal.FootfallException} leaves through the central handler in Footfall, which maps it to an exit code. */
    private int guarded(Runnable r) {
        r.run();
        spec.commandLine().getOut().flush();
        return 0;
    }
}

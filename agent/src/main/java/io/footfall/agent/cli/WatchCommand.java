package io.footfall.agent.cli;

import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.health.HealthJson;
import io.footfall.agent.health.HealthSnapshot;
import io.footfall.agent.health.KindHealth;
import io.footfall.agent.health.WindowSoFar;
import io.footfall.agent.kinds.Kinds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code footfall watch}: what the running agent sees, refreshed every second, from the status file
 * it rewrites each second ({@code /run/footfall/status.json} under systemd). Reads only; never opens
 * a sensor or the outbox, so it is safe beside the service.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Live view of the running agent: beam states, crossings, probes/s, the window so far. Exit 0, or 1 when"
                + " no running agent is found.")
final class WatchCommand implements Callable<Integer> {
    /**
     * A status file older than this means the agent is not running. The agent rewrites it every 10 s,
     * and every second once it sees it being read.
     */
    static final Duration STALE = Duration.ofSeconds(15);

    @Mixin
    ConfigOptions options;

    @Option(names = "--status-file", paramLabel = "FILE", description = "Read this status file instead of looking for it.")
    Path statusFile;

    @Option(names = "--once", description = "Print the view once and exit.")
    boolean once;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> candidates = candidates();
        while (true) {
            Optional<Path> file = candidates.stream().filter(Files::isRegularFile).findFirst();
            String view;
            boolean fresh = false;
            if (file.isEmpty()) {
                view = "no running agent: none of " + candidates + " exists";
            } else {
                try {
                    Instant modified = Files.getLastModifiedTime(file.get()).toInstant();
                    Duration age = Duration.between(modified, Instant.now());
                    String shown = render(HealthJson.read(Files.readAllBytes(file.get()), Kinds.STANDARD.health()));
                    fresh = age.compareTo(STALE) < 0;
                    view = shown + (fresh ? "" : "\nSTALE: last status " + age.toSeconds() + " s ago; is the agent running?");
                } catch (AccessDeniedException e) {
                    view = "permission denied: " + file.get() + " is readable by the service user only; run footfall watch as that"
                            + " user (sudo -u " + owner(file.get()) + " footfall watch) or with sudo";
                } catch (IOException e) {
                    view = "cannot read " + file.get() + ": " + e.getMessage();
                } catch (HealthJson.UnreadableHealthException e) {
                    view = "cannot show " + file.get() + ": " + e.getMessage() + " (written by another footfall version?)";
                }
            }
            if (once) {
                out.println(view);
                out.flush();
                return fresh ? 0 : 1;
            }
            out.print("\033[H\033[2J" + view + "\n(Ctrl-C to stop)\n");
            out.flush();
            Thread.sleep(1000);
        }
    }

    /** This agent's status file as configured (systemd's RuntimeDirectory when set), then the service's. */
    private List<Path> candidates() {
        if (statusFile != null) {
            return List.of(statusFile);
        }
        return Stream.of(AgentConfig.statusFile(options.load()), Path.of("/run/footfall/status.json"))
                .distinct().toList();
    }

    private static String owner(Path file) {
        try {
            return Files.getOwner(file).getName();
        } catch (IOException e) {
            return "footfall";
        }
    }

    /**
     * The open window's coverage so far, from the status file: {@code counting 95 s of 120 s so far
     * (capturing 90 s)}.
     */
    static String coverageSoFar(WindowSoFar.CoverageSoFar c) {
        return "coverage counting " + c.counting() + " s of " + c.of() + " s so far"
                + (c.capturing().isPresent() ? " (capturing " + c.capturing().getAsLong() + " s)" : "")
                + (c.partial() ? "  NOT WATCHED THROUGHOUT (restart, clock step)" : "");
    }

    /** The view of one status file. */
    static String render(HealthSnapshot s) {
        StringBuilder b = new StringBuilder();
        b.append("footfall ").append(s.site()).append('/').append(s.node()).append("   ").append(s.time())
                .append("   up ").append(s.uptimeSeconds()).append(" s\n");
        s.window().ifPresent(window -> {
            b.append(String.format("window   %s .. %s", window.start(), window.end()));
            window.sensors().values().forEach(k -> b.append("   ").append(k.summary()));
            b.append(String.format("%n"));
            window.sensors().values().forEach(k -> k.lines().forEach(line -> b.append(String.format("%s%n", line))));
            b.append("  ").append(coverageSoFar(window.coverage())).append('\n');
        });
        for (KindHealth k : s.sensors().values()) {
            k.watchLines().forEach(line -> b.append(String.format("%s%n", line)));
        }
        b.append(String.format("outbox   depth %s, last seq %s, storage %s   broker %s%n", s.outbox().depth(), s.outbox().lastSeq(),
                s.outbox().storageOk() ? "ok" : "FAILING", s.mqtt().connected() ? "connected" : "DISCONNECTED"));
        b.append("clock    ").append(s.clockSynced() ? "synchronised" : "NOT synchronised");
        return b.toString();
    }
}

package io.footfall.agent.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.config.AgentConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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
                    Map<String, Object> status = JSON.std.mapFrom(Files.readAllBytes(file.get()));
                    if (status == null) {
                        throw new MissingField("(the whole status)", "object");
                    }
                    String shown = render(status);
                    fresh = age.compareTo(STALE) < 0;
                    view = shown + (fresh ? "" : "\nSTALE: last status " + age.toSeconds() + " s ago; is the agent running?");
                } catch (java.nio.file.AccessDeniedException e) {
                    view = "permission denied: " + file.get() + " is readable by the service user only; run footfall watch as that"
                            + " user (sudo -u " + owner(file.get()) + " footfall watch) or with sudo";
                } catch (IOException e) {
                    view = "cannot read " + file.get() + ": " + e.getMessage();
                } catch (MissingField e) {
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
        return java.util.stream.Stream.of(AgentConfig.statusFile(options.load()), Path.of("/run/footfall/status.json"))
                .distinct().toList();
    }

    private static String owner(Path file) {
        try {
            return Files.getOwner(file).getName();
        } catch (IOException e) {
            return "footfall";
        }
    }

    /** The status file lacks a field the view needs, or has one of another type. */
    static final class MissingField extends RuntimeException {
        MissingField(String field, String expected) {
            super("no " + expected + " '" + field + "' in it");
        }
    }

    /**
     * The open window's coverage so far, from the status file: {@code counting 95 s of 120 s so far
     * (capturing 90 s)}; empty for a status file from an agent older than coverage.
     */
    static Optional<String> coverageSoFar(Map<String, Object> window) {
        if (!(window.get("coverage") instanceof Map<?, ?> c)) {
            return Optional.empty();
        }
        boolean partial = c.get("counting") instanceof Number n && c.get("of") instanceof Number of && n.longValue() < of.longValue();
        return Optional.of("coverage counting " + c.get("counting") + " s of " + c.get("of") + " s so far"
                + (c.get("capturing") == null ? "" : " (capturing " + c.get("capturing") + " s)")
                + (partial ? "  NOT WATCHED THROUGHOUT (restart, clock step)" : ""));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> in, String key, String path) {
        if (!(in.get(key) instanceof Map<?, ?> m)) {
            throw new MissingField(path, "object");
        }
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Map<String, Object> in, String key, String path) {
        if (!(in.get(key) instanceof List<?> l) || l.stream().anyMatch(e -> !(e instanceof Map))) {
            throw new MissingField(path, "list of objects");
        }
        return (List<Map<String, Object>>) l;
    }

    /** The view of one status file; a field it needs but lacks is a {@link MissingField}, never a NullPointerException. */
    static String render(Map<String, Object> s) {
        StringBuilder b = new StringBuilder();
        b.append("footfall ").append(s.get("site")).append('/').append(s.get("node")).append("   ").append(s.get("time"))
                .append("   up ").append(s.get("uptimeSeconds")).append(" s\n");
        if (s.get("window") != null) {
            Map<String, Object> window = object(s, "window", "window");
            Map<String, Object> beam = object(window, "beam", "window.beam");
            b.append(String.format("window   %s .. %s   in %s  out %s   probes %s%n", window.get("start"), window.get("end"),
                    beam.get("in"), beam.get("out"), window.get("probes")));
            for (Map<String, Object> p : objects(beam, "passages", "window.beam.passages")) {
                b.append(String.format("  %-10s in %-5s out %-5s%n", p.get("name"), p.get("in"), p.get("out")));
            }
            coverageSoFar(window).ifPresent(c -> b.append("  ").append(c).append('\n'));
        }
        for (Map<String, Object> p : objects(object(s, "beam", "beam"), "passages", "beam.passages")) {
            b.append(String.format("beams    %-10s %s   crossings since start %s%n", p.get("name"),
                    Boolean.TRUE.equals(p.get("blocked")) ? "BLOCKED" : "ok", p.get("crossings")));
        }
        Map<String, Object> wifi = object(s, "wifi", "wifi");
        b.append(String.format("wifi     %s (%s)   %s probes/s%n", wifi.get("state"), wifi.get("detail"), wifi.get("probesPerSecond")));
        Map<String, Object> outbox = object(s, "outbox", "outbox");
        Map<String, Object> mqtt = object(s, "mqtt", "mqtt");
        b.append(String.format("outbox   depth %s, last seq %s, storage %s   broker %s%n", outbox.get("depth"), outbox.get("lastSeq"),
                Boolean.TRUE.equals(outbox.get("storageOk")) ? "ok" : "FAILING",
                Boolean.TRUE.equals(mqtt.get("connected")) ? "connected" : "DISCONNECTED"));
        b.append("clock    ").append(Boolean.TRUE.equals(s.get("clockSynced")) ? "synchronised" : "NOT synchronised");
        return b.toString();
    }
}

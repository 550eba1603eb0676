package io.footfall.agent.cli;

import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.health.HealthJson;
import io.footfall.agent.health.HealthSnapshot;
import io.footfall.agent.health.SystemProbe;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.BrokerProbe;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.node.NodeSetup;
import io.footfall.agent.outbox.NoOutboxException;
import io.footfall.agent.outbox.OutboxFile;
import io.footfall.hal.FootfallException;
import io.footfall.hal.SystemNodeClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code footfall diag}: the checks a technician runs on site. Exit 0 when none failed, 1 otherwise. */
@Command(name = "diag", mixinStandardHelpOptions = true,
        description = "Run health checks: configuration, data directory and outbox, broker (a real MQTT connect with the node's TLS and credentials), clock, disk,"
                + " temperature and power, sensors. Exit 0 when every check passes (warnings included), 1 when any failed.")
final class DiagCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--json", description = "Print the checks as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    enum Status { PASS, WARN, FAIL }

    record Check(String name, Status status, String detail) {}

    @Override
    public Integer call() {
        List<Check> checks = new ArrayList<>();
        AgentConfig cfg;
        try {
            cfg = AgentConfig.from(options.load());
            NodeSetup.check(cfg);
            checks.add(new Check("config", Status.PASS, "hal=" + cfg.hal() + ", site=" + cfg.ids().site() + ", node=" + cfg.ids().node()));
        } catch (FootfallException e) {
            checks.add(new Check("config", Status.FAIL, e.getMessage()));
            return report(checks);
        }
        checks.add(dataDir(cfg.dataDir()));
        checks.add(outbox(cfg));
        checks.add(broker(cfg));
        checks.add(new SystemNodeClock().synced()
                ? new Check("clock", Status.PASS, "synchronised")
                : new Check("clock", Status.WARN, "not known to be synchronised (windows are flagged clockSynced=false)"));
        checks.add(disk(cfg.dataDir()));
        checks.addAll(running(cfg.statusFile()));
        checks.addAll(board());
        NodeSetup.diagnose(cfg).forEach(c -> checks.add(new Check(c.name(), Status.valueOf(c.status().name()), c.detail())));
        return report(checks);
    }

    /**
     * What the running agent reports, from its status file (read into the snapshot the agent wrote):
     * its open window and how much of it has been watched so far, then each sensor kind's own lines
     * ({@link io.footfall.agent.health.KindHealth#diagChecks()}); nothing when no agent is running here.
     */
    private static List<Check> running(Path statusFile) {
        HealthSnapshot s;
        try {
            if (!Files.isRegularFile(statusFile)
                    || Duration.between(Files.getLastModifiedTime(statusFile).toInstant(), Instant.now()).compareTo(WatchCommand.STALE) > 0) {
                return List.of();
            }
            s = HealthJson.read(Files.readAllBytes(statusFile), Kinds.STANDARD.health());
        } catch (IOException | RuntimeException e) {
            return List.of(new Check("window", Status.WARN, "cannot read " + statusFile + ": " + e.getMessage()));
        }
        List<Check> out = new ArrayList<>();
        s.window().ifPresent(w -> out.add(new Check("window", w.coverage().partial() ? Status.WARN : Status.PASS,
                w.start() + ".. " + WatchCommand.coverageSoFar(w.coverage()))));
        s.sensors().values().forEach(k -> k.diagChecks().forEach(c -> out.add(new Check(c.name(), Status.valueOf(c.status().name()),
                c.detail()))));
        return out;
    }

    private static Check dataDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new Check("data-dir", Status.FAIL, dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            return new Check("data-dir", Status.FAIL, dir + " is not writable by this user");
        }
        List<String> foreign = foreignFiles(dir);
        return foreign.isEmpty() ? new Check("data-dir", Status.PASS, dir + " is writable")
                : new Check("data-dir", Status.FAIL, String.join(", ", foreign) + " in " + dir + " not owned by the directory's owner,"
                        + " so the service may not be able to write it: chown " + owner(dir) + ": " + dir + "/*");
    }

    /** Files in the data directory owned by someone else than the directory (left by a command run as root). */
    private static List<String> foreignFiles(Path dir) {
        try (var files = Files.list(dir)) {
            var owner = Files.getOwner(dir);
            List<String> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                if (!Files.getOwner(p).equals(owner)) {
                    out.add(p.getFileName() + " (" + Files.getOwner(p).getName() + ")");
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String owner(Path dir) {
        try {
            return Files.getOwner(dir).getName();
        } catch (IOException e) {
            return "footfall";
        }
    }

    /**
     * Reads the outbox without writing anything (report, don't repair; see {@link OutboxFile}): a
     * corrupt or empty file is a FAIL saying what to do, and is left exactly as it is.
     */
    private static Check outbox(AgentConfig cfg) {
        Path file = OutboxFile.in(cfg.dataDir());
        try {
            Optional<String> damage = OutboxFile.damage(file);
            if (damage.isPresent()) {
                return new Check("outbox", Status.FAIL, file + " is corrupt (" + damage.get() + "); left untouched. Restart the agent"
                        + " (systemctl restart footfall): it moves the file aside, keeps what can be read and starts a new stream;"
                        + " then footfall outbox status lists the quarantined file");
            }
            OutboxFile.Summary s = OutboxFile.summary(file);
            return new Check("outbox", s.depth() > 100 ? Status.WARN : Status.PASS,
                    s.depth() + " window(s) awaiting delivery, last seq " + s.lastSeq() + ", stream " + s.streamId());
        } catch (NoOutboxException e) {
            return new Check("outbox", Status.WARN, "no outbox yet at " + file + " (created by the first run)");
        } catch (FootfallException e) {
            return new Check("outbox", Status.FAIL, e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
        }
    }

    /**
     * A real MQTT 5 connect with the node's TLS and credentials, under a client id of its own
     * ({@code ffdiag.…}) so the running agent keeps its session; reports the CONNACK reason.
     */
    private static Check broker(AgentConfig cfg) {
        MqttSettings mqtt = NodeSetup.mqtt(cfg).withClientId(MqttSettings.clientId("ffdiag", cfg.ids()));
        String where = mqtt.address().hostAndPort();
        BrokerProbe.Result r = BrokerProbe.connect(mqtt, Duration.ofSeconds(5));
        String as = mqtt.username().map(u -> " as user " + u).orElse(" anonymously") + (mqtt.tls() ? " over TLS" : "");
        return r.accepted() ? new Check("broker", Status.PASS, where + " accepted an MQTT 5 connection" + as + " (CONNACK: success)")
                : new Check("broker", Status.FAIL, where + " did not accept an MQTT 5 connection" + as + ": " + r.reason()
                        + " (counts are kept in the outbox meanwhile)");
    }

    private static Check disk(Path dir) {
        var free = SystemProbe.usableBytes(Files.isDirectory(dir) ? dir : Path.of("/"));
        if (free.isEmpty()) {
            return new Check("disk", Status.WARN, "free space unknown");
        }
        long mb = free.getAsLong() / (1024 * 1024);
        return new Check("disk", mb < 50 ? Status.FAIL : mb < 500 ? Status.WARN : Status.PASS, mb + " MB free");
    }

    private static List<Check> board() {
        List<Check> out = new ArrayList<>();
        SystemProbe p = new SystemProbe();
        p.cpuTemperature().ifPresent(t -> out.add(new Check("temperature", t >= 80 ? Status.FAIL : t >= 70 ? Status.WARN : Status.PASS,
                String.format(Locale.ROOT, "CPU %.1f °C", t))));
        p.throttledFlags().ifPresent(f -> out.add((f & 0x5) != 0
                ? new Check("power", Status.FAIL, "under-voltage or throttled now (flags 0x" + Long.toHexString(f) + "): check the power supply")
                : (f & 0x50000) != 0 ? new Check("power", Status.WARN, "under-voltage or throttling happened since boot (flags 0x" + Long.toHexString(f) + ")")
                : new Check("power", Status.PASS, "no under-voltage or throttling")));
        return out;
    }

    private int report(List<Check> checks) {
        PrintWriter out = spec.commandLine().getOut();
        boolean failed = checks.stream().anyMatch(c -> c.status() == Status.FAIL);
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("ok", !failed);
            root.put("checks", checks.stream().map(c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("status", c.status().name().toLowerCase(Locale.ROOT));
                m.put("detail", c.detail());
                return m;
            }).toList());
            out.println(new String(CountsJson.write(root), StandardCharsets.UTF_8));
        } else {
            for (Check c : checks) {
                out.printf("%-4s  %-15s %s%n", c.status(), c.name(), c.detail());
            }
            out.println(failed ? "some checks failed" : "all checks passed");
        }
        return failed ? 1 : 0;
    }
}

package io.footfall.hal.wifi.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a Wi-Fi interface into monitor mode with {@code ip} and {@code iw} and hops it over
 * channels. Failures come back as an {@link Outcome}, never as exceptions: the capture turns them
 * into health states and tries again later (a USB adapter may be plugged in after boot).
 *
 * <h2>Privileges</h2>
 * Switching to monitor mode and setting channels needs {@code CAP_NET_ADMIN}; capturing needs
 * {@code CAP_NET_RAW}. Do not run the agent as root and do not {@code setcap} the java binary (it
 * then fails to find {@code libjli.so}); grant both to the service through systemd, which passes
 * them as ambient capabilities to the agent and on to the {@code iw}, {@code ip} and
 * {@code tcpdump} it starts:
 * <pre>{@code
 * [Service]
 * User=footfall
 * AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN
 * CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN
 * NoNewPrivileges=yes
 * RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK AF_PACKET
 * }</pre>
 * With {@code NoNewPrivileges=yes}, file capabilities on tcpdump are ignored, which is fine: the
 * ambient set is inherited. Debian's tcpdump drops privileges to user {@code tcpdump} only when
 * started as root, so it keeps running as {@code footfall}.
 */
public final class MonitorMode {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorMode.class);
    /** ARPHRD_IEEE80211_RADIOTAP: the interface is already in monitor mode. */
    private static final String ARPHRD_RADIOTAP = "803";

    public enum Outcome { READY, INTERFACE_MISSING, MONITOR_UNSUPPORTED, FAILED }

    /** @param detail for people; names the interface and the tool's message, never a device address */
    public record Result(Outcome outcome, String detail) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Runs a command and returns its exit code and (bounded) combined output. */
    @FunctionalInterface
    public interface Commands {
        Execution run(List<String> argv);
    }

    /** @param exitCode 127 when the program could not be started, -1 when it timed out */
    public record Execution(int exitCode, String output) {}

    private final String iface;
    private final Path sysClassNet;
    private final Commands commands;

    public MonitorMode(String iface) {
        this(iface, Path.of("/sys/class/net"), MonitorMode::exec);
    }

    public MonitorMode(String iface, Path sysClassNet, Commands commands) {
        this.iface = Objects.requireNonNull(iface, "iface");
        this.sysClassNet = Objects.requireNonNull(sysClassNet, "sysClassNet");
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    public boolean interfaceExists() {
        return Files.isDirectory(sysClassNet.resolve(iface));
    }

    /**
     * Checks that the interface exists, switches it to monitor mode unless it already is, and
     * tunes it to the first of {@code channels} (if any; a channel the card refuses is logged, not
     * fatal).
     */
    public Result prepare(List<Integer> channels) {
        if (!interfaceExists()) {
            return new Result(Outcome.INTERFACE_MISSING, "interface " + iface + " not found (is the adapter plugged in?)");
        }
        if (!isMonitor()) {
            Execution down = commands.run(List.of("ip", "link", "set", iface, "down"));
            if (down.exitCode() != 0) {
                return classify("ip link set " + iface + " down", down);
            }
            Execution type = commands.run(List.of("iw", "dev", iface, "set", "type", "monitor"));
            if (type.exitCode() != 0) {
                Result r = classify("iw dev " + iface + " set type monitor", type);
                commands.run(List.of("ip", "link", "set", iface, "up"));
                return r;
            }
            Execution up = commands.run(List.of("ip", "link", "set", iface, "up"));
            if (up.exitCode() != 0) {
                return classify("ip link set " + iface + " up", up);
            }
        }
        if (!channels.isEmpty()) {
            Execution ch = setChannel(channels.get(0));
            if (ch.exitCode() != 0) {
                LOG.warn("{} refused channel {}: {}", iface, channels.get(0), firstLine(ch.output()));
            }
        }
        return new Result(Outcome.READY, iface + " in monitor mode");
    }

    /**
     * Hops over {@code channels}, {@code dwell} on each, on a daemon thread until the returned
     * handle is closed. Does nothing for fewer than two channels.
     */
    public AutoCloseable hop(List<Integer> channels, Duration dwell) {
        List<Integer> list = List.copyOf(channels);
        if (list.size() < 2) {
            return () -> {};
        }
        long dwellNanos = Math.max(dwell.toNanos(), TimeUnit.MILLISECONDS.toNanos(10));
        Thread t = new Thread(() -> {
            long failures = 0;
            for (int i = 1; !Thread.currentThread().isInterrupted(); i = (i + 1) % list.size()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(dwellNanos);
                } catch (InterruptedException e) {
                    return;
                }
                Execution r = setChannel(list.get(i));
                if (r.exitCode() != 0 && failures++ % 100 == 0) {
                    LOG.warn("channel hop on {} to {} failed ({} failures so far): {}", iface, list.get(i), failures,
                            firstLine(r.output()));
                }
            }
        }, "footfall-channel-hop");
        t.setDaemon(true);
        t.start();
        return () -> {
            t.interrupt();
            t.join(5000);
        };
    }

    private Execution setChannel(int channel) {
        return commands.run(List.of("iw", "dev", iface, "set", "channel", Integer.toString(channel)));
    }

    private boolean isMonitor() {
        try {
            return ARPHRD_RADIOTAP.equals(Files.readString(sysClassNet.resolve(iface).resolve("type")).trim());
        } catch (IOException e) {
            return false;
        }
    }

    private Result classify(String what, Execution r) {
        String out = firstLine(r.output());
        String lower = r.output().toLowerCase();
        if (r.exitCode() == 127) {
            return new Result(Outcome.FAILED, what + ": program not found (install iw and iproute2)");
        }
        if (lower.contains("not supported") || lower.contains("(-95)")) {
            return new Result(Outcome.MONITOR_UNSUPPORTED, iface + " does not support monitor mode: " + out);
        }
        if (lower.contains("no such device") || lower.contains("(-19)") || lower.contains("cannot find device")) {
            return new Result(Outcome.INTERFACE_MISSING, iface + " disappeared: " + out);
        }
        if (lower.contains("not permitted") || lower.contains("(-1)")) {
            return new Result(Outcome.FAILED, what + ": not permitted; the service needs CAP_NET_ADMIN (AmbientCapabilities)");
        }
        return new Result(Outcome.FAILED, what + " failed (" + r.exitCode() + "): " + out);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return StderrDrain.scrub(nl < 0 ? t : t.substring(0, nl));
    }

    static Execution exec(List<String> argv) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(4096);
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Execution(-1, argv.get(0) + " timed out");
            }
            return new Execution(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Execution(127, e.getMessage() == null ? "cannot run " + argv.get(0) : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Execution(-1, "interrupted");
        }
    }
}

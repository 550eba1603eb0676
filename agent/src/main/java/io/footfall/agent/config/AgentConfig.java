package io.footfall.agent.config;

import io.footfall.agent.mqtt.BrokerAddress;
import io.footfall.agent.mqtt.Topics;
import io.footfall.hal.ConfigException;
import io.footfall.hal.Options;
import io.footfall.hal.beam.PassageSpec;
import io.footfall.hal.spi.HalSettings.WifiSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's own settings, checked at start: every bad value is refused with its key, its value and
 * what is allowed. Component families ({@code sim-*}, {@code mqtt-*}, …) are checked by their owners
 * from {@link #options()}.
 *
 * <p>Identity has no usable default, since every node flashed from one image would share it: the
 * {@code site} must be set, and {@code node} defaults to the host name only when that is not an
 * image's default ({@link #IMAGE_HOST_NAMES}).
 */
public record AgentConfig(
        String hal,
        Topics ids,
        String broker,
        Duration window,
        Path dataDir,
        List<PassageSpec> passages,
        WifiSettings wifi,
        Duration healthInterval,
        Path statusFile,
        Map<String, String> options) {

    /** Window lengths that tile an hour, so windows align with the hour on every node. */
    public static final Set<Long> WINDOW_MINUTES = Set.of(1L, 2L, 3L, 4L, 5L, 6L, 10L, 12L, 15L, 20L, 30L, 60L);

    public static final String DEFAULT_DATA_DIR = "/var/lib/footfall";

    /** The settings read here; the components' own are declared by them (see {@link Keys}). */
    public static final Set<String> KEYS = Set.of(
            "hal", "site", "node", "broker", "window", "data-dir", "passage", "wifi", "wifi-interface", "channels",
            "channel-dwell", "capture-command", "capture-quiet-after", "health-interval", "status-file");

    /** Host names an OS image ships with, shared by every node flashed from it: never a node id. */
    public static final Set<String> IMAGE_HOST_NAMES = Set.of("raspberrypi", "localhost", "dietpi", "ubuntu", "debian");

    public AgentConfig {
        passages = List.copyOf(passages);
        options = Map.copyOf(options);
    }

    public static AgentConfig from(Settings s) {
        return from(s, hostName());
    }

    /** As {@link #from(Settings)}, on a host named {@code hostName} (empty when it has none). */
    static AgentConfig from(Settings s, Optional<String> hostName) {
        String hal = s.get("hal", "pi");
        if (!hal.matches("[a-z][a-z0-9-]*")) {
            throw new ConfigException("hal", hal, "pi or sim");
        }
        String broker = s.get("broker", BrokerAddress.DEFAULT);
        BrokerAddress.parse(broker);
        Duration window = window(s.get("window", "5m"));
        Path dataDir = Path.of(s.get("data-dir", DEFAULT_DATA_DIR));
        List<PassageSpec> passages = passages(s.get("passage", ""));
        WifiSettings wifi = wifi(s);
        // every 6 h: a change of state is published at once anyway (HealthCadence), so the period only
        // confirms that nothing changed; hourly cost a node 12 KB a day of its 150 KB (docs/BENCHMARKS.md)
        Duration health = duration(s, "health-interval", "6h", Duration.ofSeconds(5), Duration.ofHours(24));
        Path status = statusFile(s, dataDir);
        // identity last: a node refused for a bad value is told about that value first
        String site = site(s);
        String node = node(s, hostName);
        return new AgentConfig(hal, new Topics(site, node), broker, window, dataDir, passages, wifi, health,
                status, s.asMap());
    }

    /** The status file as configured, without checking anything else (for {@code footfall watch}). */
    public static Path statusFile(Settings s) {
        return statusFile(s, Path.of(s.get("data-dir", DEFAULT_DATA_DIR)));
    }

    /**
     * Where the running agent keeps its live status for {@code footfall watch}: systemd's
     * RuntimeDirectory (tmpfs, so the SD card is not written every second), else the data directory.
     */
    static Path statusFile(Settings s, Path dataDir) {
        String runtime = System.getenv("RUNTIME_DIRECTORY");
        Path dflt = runtime != null && !runtime.isBlank() ? Path.of(runtime.split(":")[0], "status.json") : dataDir.resolve("status.json");
        return Path.of(s.get("status-file", dflt.toString()));
    }

    private static final String ID_ALLOWED = "1-64 characters of a-z, 0-9, '_' and '-', starting with a letter or digit";

    private static String site(Settings s) {
        if (!s.has("site")) {
            throw new ConfigException("site", "", "required: the id of the place this node counts, as registered on the platform;"
                    + " set site= in " + Settings.DEFAULT_FILE + ", or --site, or " + Settings.environmentName("site"));
        }
        return id("site", s.get("site", ""));
    }

    private static String node(Settings s, Optional<String> hostName) {
        if (s.has("node")) {
            return id("node", s.get("node", ""));
        }
        String unset = "not set, and ";
        String howTo = ": set node= in " + Settings.DEFAULT_FILE + " (or --node, or " + Settings.environmentName("node")
                + "), or give this host a name of its own (sudo hostnamectl set-hostname NAME)";
        String h = hostName.orElseThrow(() -> new ConfigException("node", "", unset + "the host has no name" + howTo));
        if (IMAGE_HOST_NAMES.contains(h)) {
            throw new ConfigException("node", h, unset + "the host name '" + h + "' is an image's default, which every node"
                    + " flashed from that image shares" + howTo);
        }
        if (!Topics.ID.matcher(h).matches()) {
            throw new ConfigException("node", h, unset + "the host name cannot be a node id (" + ID_ALLOWED + ")" + howTo);
        }
        return h;
    }

    private static String id(String key, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!Topics.ID.matcher(v).matches()) {
            throw new ConfigException(key, v, ID_ALLOWED);
        }
        return v;
    }

    /** The host name up to its first dot, lower case, or empty when the host has none. */
    private static Optional<String> hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            int dot = h.indexOf('.');
            h = dot > 0 ? h.substring(0, dot) : h;
            return h.isEmpty() ? Optional.empty() : Optional.of(h);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static Duration window(String text) {
        Duration d;
        try {
            d = Options.parseDuration(text);
        } catch (IllegalArgumentException e) {
            d = Duration.ZERO;
        }
        if (d.isZero() || d.toSecondsPart() != 0 || d.toMillisPart() != 0 || !WINDOW_MINUTES.contains(d.toMinutes())) {
            throw new ConfigException("window", text, "whole minutes from 1 to 60 that divide an hour: 1m, 2m, 3m, 4m, 5m, 6m, 10m, 12m, 15m, 20m, 30m or 60m");
        }
        return d;
    }

    static Duration duration(Settings s, String key, String dflt, Duration min, Duration max) {
        return Options.duration(Map.of(key, s.get(key, dflt)), key, Duration.ZERO, min, max);
    }

    /** Passages separated by whitespace or ';', each {@code NAME=PIN_A,PIN_B}. */
    static List<PassageSpec> passages(String text) {
        List<PassageSpec> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Set<Integer> pins = new LinkedHashSet<>();
        for (String part : text.trim().split("[\\s;]+")) {
            if (part.isEmpty()) {
                continue;
            }
            PassageSpec p;
            try {
                p = PassageSpec.parse(part);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("passage", part, "NAME=PIN_A,PIN_B with BCM pin numbers, e.g. door-1=17,27: " + e.getMessage());
            }
            if (!names.add(p.name())) {
                throw new ConfigException("passage", part, "each passage needs its own name; '" + p.name() + "' is used twice");
            }
            if (!pins.add(p.pinA()) || !pins.add(p.pinB())) {
                throw new ConfigException("passage", part, "each pin belongs to one beam; a pin of this passage is already used");
            }
            out.add(p);
        }
        return out;
    }

    static WifiSettings wifi(Settings s) {
        String mode = s.get("wifi", "on");
        if (!mode.equals("on") && !mode.equals("off")) {
            throw new ConfigException("wifi", mode, "on or off");
        }
        String iface = s.get("wifi-interface", "wlan1");
        if (!iface.matches("[A-Za-z0-9_.:-]{1,15}")) {
            throw new ConfigException("wifi-interface", iface, "a network interface name such as wlan1 (up to 15 characters)");
        }
        String channelsText = s.get("channels", "1,6,11");
        List<Integer> channels = new ArrayList<>();
        for (String c : channelsText.split(",")) {
            try {
                int ch = Integer.parseInt(c.trim());
                if (ch < 1 || ch > 177) {
                    throw new NumberFormatException();
                }
                channels.add(ch);
            } catch (NumberFormatException e) {
                throw new ConfigException("channels", channelsText, "comma-separated Wi-Fi channel numbers, e.g. 1,6,11");
            }
        }
        Duration dwell = duration(s, "channel-dwell", "500ms", Duration.ofMillis(50), Duration.ofMinutes(10));
        Duration quiet = duration(s, "capture-quiet-after", "120s", Duration.ofSeconds(5), Duration.ofHours(24));
        return new WifiSettings(mode.equals("on"), iface, channels, dwell, s.get("capture-command", ""), quiet);
    }
}

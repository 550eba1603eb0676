package io.footfall.agent.cli;

import io.footfall.agent.cli.spi.OptionMap;
import io.footfall.agent.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every node setting can be given with; each also comes from the properties file (same
 * key) and from the environment ({@code FOOTFALL_} + key in capitals with '_' for '-'; other
 * {@code FOOTFALL_*} variables are not settings, see {@link Settings}).
 */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (default: ${DEFAULT-VALUE}, if present).",
            defaultValue = "/etc/footfall/footfall.properties")
    Path config;

    @Option(names = "--hal", paramLabel = "pi|sim", description = "Hardware: pi (GPIO beams, monitor-mode Wi-Fi) or sim (simulated node).")
    String hal;

    @Option(names = "--site", paramLabel = "ID", description = "Site id, first level of the topic (required).")
    String site;

    @Option(names = "--node", paramLabel = "ID", description = "Node id (default: the host name, unless an image default such as raspberrypi).")
    String node;

    @Option(names = "--broker", paramLabel = "URI", description = "MQTT broker, tcp://host:1883 or mqtts://host:8883.")
    String broker;

    @Option(names = "--window", paramLabel = "DURATION", description = "Window length: 1m..60m dividing an hour (default 5m).")
    String window;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the outbox lives (default /var/lib/footfall).")
    String dataDir;

    @Option(names = "--sim-speed", paramLabel = "X", description = "Simulated seconds per real second (hal=sim).")
    String simSpeed;

    @Option(names = "--sim-seed", paramLabel = "N", description = "Seed of the simulated traffic (hal=sim).")
    String simSeed;

    @Option(names = "--passage", paramLabel = "NAME=PIN_A,PIN_B", description = "A passage and the BCM pins of its outer (A) and inner (B) beam; repeatable. None: no beams.")
    List<String> passages;

    @Option(names = "--wifi-interface", paramLabel = "IFACE", description = "Monitor-mode interface (default wlan1).")
    String wifiInterface;

    @Option(names = "--channels", paramLabel = "1,6,11", description = "Channels to hop over.")
    String channels;

    @Option(names = "--wifi", paramLabel = "on|off", description = "Count phones from probe requests (default on).")
    String wifi;

    @Option(names = "--capture-command", paramLabel = "CMD", description = "A command whose stdout is a pcap stream (default: tcpdump on the monitor interface).")
    String captureCommand;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "Any other setting of footfall.properties; repeatable.")
    Map<String, String> set;

    /** Options given on the command line, by setting key. */
    Map<String, String> given() {
        return new OptionMap().putAll(set)
                .put("hal", hal)
                .put("site", site)
                .put("node", node)
                .put("broker", broker)
                .put("window", window)
                .put("data-dir", dataDir)
                .put("sim-speed", simSpeed)
                .put("sim-seed", simSeed)
                .put("passage", passages == null ? null : String.join(" ", passages))
                .put("wifi-interface", wifiInterface)
                .put("channels", channels)
                .put("wifi", wifi)
                .put("capture-command", captureCommand)
                .toMap();
    }

    Settings load() {
        boolean explicit = !config.equals(Settings.DEFAULT_FILE);
        return Settings.load(config, explicit, System.getenv(), given());
    }
}

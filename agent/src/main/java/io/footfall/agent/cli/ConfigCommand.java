package io.footfall.agent.cli;

import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.config.Settings;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.node.NodeSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code footfall config check [FILE]}: every setting checked as {@code run} would, nothing opened. */
@Command(name = "config", description = "Check the configuration.", mixinStandardHelpOptions = true,
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check every setting as 'footfall run' would, print the effective values and where each came from."
                    + " Exit 0 when valid, 78 naming the first refused key.")
    static final class Check implements Runnable {
        @CommandLine.Parameters(arity = "0..1", paramLabel = "FILE", description = "Properties file (default: --config).")
        Path file;

        @Mixin
        ConfigOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            if (file != null) {
                options.config = file;
            }
            Settings s = options.load();
            AgentConfig cfg = AgentConfig.from(s);
            NodeSetup.check(cfg);
            PrintWriter out = spec.commandLine().getOut();
            out.println("configuration is valid");
            out.println("  hal       " + cfg.hal());
            out.println("  topic     footfall/v1/" + cfg.ids().site() + "/" + cfg.ids().node() + "/counts");
            out.println("  broker    " + cfg.broker() + " as client " + MqttSettings.clientId(cfg.ids()));
            out.println("  window    " + cfg.window().toMinutes() + "m");
            out.println("  data-dir  " + cfg.dataDir());
            out.println("  passages  " + (cfg.passages().isEmpty() ? "none" : cfg.passages()));
            out.println("  wifi      " + (cfg.wifi().enabled() ? "on, " + (cfg.wifi().captureCommand().isEmpty()
                    ? cfg.wifi().iface() + " channels " + cfg.wifi().channels() : "command: " + cfg.wifi().captureCommand()) : "off"));
            new TreeMap<>(s.asMap()).forEach((k, v) -> out.println("  " + k + " = " + (k.contains("password") ? "(hidden)" : v)
                    + "   [" + s.origin(k) + "]"));
            s.ignored().forEach(note -> out.println("  note: " + note));
        }
    }
}

package io.footfall.agent.cli;

import io.footfall.agent.cli.spi.CommandProvider;
import io.footfall.agent.datadir.DataDirLockedException;
import io.footfall.hal.ConfigException;
import io.footfall.hal.FootfallException;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code footfall} command. Exit codes: 0 success, 1 a failure at run time or a failed check,
 * 2 a usage error, 75 the data directory is in use by another footfall process, 78 a configuration
 * value refused at start (so systemd does not restart into it).
 */
@Command(
        name = "footfall",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Edge agent for footfall-counting nodes: counts people through break-beams and phones from Wi-Fi"
                + " probe requests, and ships only aggregated counts over MQTT v5.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failure at run time, or a check failed",
            "2:usage error",
            "75:the data directory is in use by another footfall process",
            "78:a configuration value was refused"
        })
public final class Footfall implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_CONFIG = 78;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** The subcommands, in the order {@code --help} lists them: footfall's own, then those other modules bring. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("config", ConfigCommand::new);
        m.put("diag", DiagCommand::new);
        m.put("watch", WatchCommand::new);
        m.put("beam", BeamCommand::new);
        m.put("outbox", OutboxCommand::new);
        m.put("pcap", PcapCommand::new);
        m.put("receive", ReceiveCommand::new);
        m.put("export", ExportCommand::new);
        ServiceLoader.load(CommandProvider.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(CommandProvider::name)).forEach(p -> {
                    if (m.containsKey(p.name()) || p.name().equals("version") || p.name().equals("help")) {
                        throw new IllegalStateException("two footfall commands named " + p.name() + ": " + p.getClass().getName());
                    }
                    m.put(p.name(), p::command);
                });
        m.put("version", VersionCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /** The full command line with footfall's exception-to-exit-code mapping, for tests and {@code --help}. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS.keySet());
    }

    /**
     * The command line for these arguments: when they name a subcommand, only that one is built, since
     * picocli reflects over every command it is given and that is most of a short command's start-up
     * (on a Pi Zero, and in {@code footfall pcap count}'s benchmark).
     */
    static CommandLine commandLineFor(String... args) {
        return args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help")
                ? commandLine(Set.of(args[0]))
                : commandLine();
    }

    private static CommandLine commandLine(Collection<String> names) {
        CommandLine cl = new CommandLine(new Footfall());
        SUBCOMMANDS.forEach((name, command) -> {
            if (names.contains(name)) {
                cl.addSubcommand(name, command.get());
            }
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText(cmd.getCommandSpec().qualifiedName() + ": " + message(ex)));
            return ex instanceof ConfigException ? EXIT_CONFIG
                    : ex instanceof DataDirLockedException ? DataDirLockedException.EXIT_CODE : EXIT_FAILURE;
        });
        return cl;
    }

    private static String message(Exception ex) {
        if (ex instanceof FootfallException) {
            String m = ex.getMessage();
            return ex.getCause() == null || ex.getCause().getMessage() == null ? m : m + ": " + ex.getCause().getMessage();
        }
        return ex.toString();
    }

    public static void main(String[] args) {
        System.exit(commandLineFor(args).execute(args));
    }
}

package io.footfall.agent.cli;

import io.footfall.hal.ConfigException;
import io.footfall.hal.FootfallException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code footfall} command. Exit codes: 0 success, 1 a failure at run time or a failed check,
 * 2 a usage error, 78 a configuration value refused at start (so systemd does not restart into it).
 */
@Command(
        name = "footfall",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Edge agent for footfall-counting nodes: counts people through break-beams and phones from Wi-Fi"
                + " probe requests, and ships only aggregated counts over MQTT v5.",
        subcommands = {
            RunCommand.class,
            ConfigCommand.class,
            DiagCommand.class,
            BeamCommand.class,
            OutboxCommand.class,
            PcapCommand.class,
            ReceiveCommand.class,
            SimCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failure at run time, or a check failed",
            "2:usage error",
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

    /** The command line with footfall's exception-to-exit-code mapping, for main and for tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Footfall());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("footfall: " + message(ex)));
            return ex instanceof ConfigException ? EXIT_CONFIG : EXIT_FAILURE;
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
        System.exit(commandLine().execute(args));
    }
}

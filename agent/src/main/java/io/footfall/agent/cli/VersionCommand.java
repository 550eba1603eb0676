package io.footfall.agent.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code footfall version}: the agent's version, and the Java runtime it runs on. */
@Command(name = "version", description = "Print the version of footfall and of the Java runtime.", mixinStandardHelpOptions = true)
final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String version() {
        String v = Footfall.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("footfall " + version());
        out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("os.arch") + ")");
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"footfall " + version()};
        }
    }
}

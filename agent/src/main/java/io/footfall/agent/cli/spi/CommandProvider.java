package io.footfall.agent.cli.spi;

/**
 * A top-level {@code footfall} command that another module brings, found through
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/io.footfall.agent.cli.spi.CommandProvider}
 * line in that module's jar): the simulator's {@code footfall sim}, for one. The agent names no
 * such command; {@code footfall --help} lists the ones on the class path after its own, by name.
 *
 * <p>A command reports failure by throwing, as footfall's own do: a
 * {@link io.footfall.hal.ConfigException} exits 78, any other exception 1, a usage error 2.
 */
public interface CommandProvider {
    /** The command's name on the command line, e.g. {@code sim}; not one of footfall's own. */
    String name();

    /** A new picocli command object (a {@code @Command}-annotated instance), one per command line. */
    Object command();
}

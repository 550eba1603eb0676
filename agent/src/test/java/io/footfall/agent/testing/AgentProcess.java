package io.footfall.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged {@code footfall.jar} run as a child process, as an installer or technician would run it. */
public final class AgentProcess implements AutoCloseable {
    private final Process process;

    private AgentProcess(Process process) {
        this.process = process;
    }

    public static Path jar() {
        String p = System.getProperty("footfall.jar");
        if (p == null) {
            throw new IllegalStateException("footfall.jar system property not set: run through maven-failsafe (mvn verify)");
        }
        return Path.of(p);
    }

    /** Starts {@code java -jar footfall.jar ARGS}, its output appended to {@code log}. */
    public static AgentProcess start(Path log, String... args) {
        return startAs(List.of(), log, args);
    }

    /**
     * Starts {@code PREFIX... java -jar footfall.jar ARGS} under umask 022, e.g. with a prefix of
     * {@code setpriv --reuid=65534 ...} to run it as an unprivileged user; the prefix must exec java,
     * so that {@link #pid()} and the signals reach the agent itself.
     */
    public static AgentProcess startAs(List<String> prefix, Path log, String... args) {
        List<String> launcher = new ArrayList<>(List.of("/bin/sh", "-c", "umask 022; exec \"$@\"", "sh"));
        launcher.addAll(prefix);
        return launch(launcher, log, args);
    }

    /**
     * Starts the jar as an unprivileged user ({@code setpriv --reuid USER --regid GROUP --clear-groups}),
     * as the service runs it, so that real file permissions apply to it.
     */
    public static AgentProcess startAs(String user, String group, Path log, String... args) {
        return launch(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--clear-groups"), log, args);
    }

    /** Starts {@code LAUNCHER... java -Xmx64m -jar footfall.jar ARGS}, its output appended to {@code log}. */
    private static AgentProcess launch(List<String> launcher, Path log, String... args) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        try {
            return new AgentProcess(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the jar to completion and returns its exit code. */
    public static int runToEnd(Path log, String... args) throws InterruptedException {
        return runToEndAs(List.of(), log, args);
    }

    /** {@link #startAs} to completion; returns the exit code. */
    public static int runToEndAs(List<String> prefix, Path log, String... args) throws InterruptedException {
        AgentProcess p = startAs(prefix, log, args);
        if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
            p.kill();
            throw new IllegalStateException("footfall did not finish within 60 s");
        }
        return p.process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as systemd stops the service; waits for the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("footfall did not stop within 20 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: the power cut of processes. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

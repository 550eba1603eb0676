package io.footfall.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto process on a free loopback port, for tests. Installed from Debian's packages by
 * scripts/test. {@link #stop()} and {@link #start()} may be called repeatedly (same port);
 * {@link #freeze()} and {@link #thaw()} imitate a network partition with SIGSTOP/SIGCONT.
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final List<String> extraConfig;
    private Process process;

    private MosquittoBroker(Path dir, int port, List<String> extraConfig) {
        this.dir = dir;
        this.port = port;
        this.extraConfig = List.copyOf(extraConfig);
    }

    /** Whether the mosquitto binary is installed; tests assume it (scripts/test installs it). */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts a broker on a free port with persistence in {@code dir}. */
    public static MosquittoBroker start(Path dir) {
        return start(dir, List.of());
    }

    /** Starts a broker on a free port; {@code extraConfig} lines are appended (e.g. a TLS listener). */
    public static MosquittoBroker start(Path dir, List<String> extraConfig) {
        MosquittoBroker b = new MosquittoBroker(dir, freePort(), extraConfig);
        b.start();
        return b;
    }

    /** Starts a broker on a given port, e.g. one a client was already told about. */
    public static MosquittoBroker startOnPort(Path dir, int port) {
        return startOnPort(dir, port, List.of());
    }

    public static MosquittoBroker startOnPort(Path dir, int port, List<String> extraConfig) {
        MosquittoBroker b = new MosquittoBroker(dir, port, extraConfig);
        b.start();
        return b;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path conf = dir.resolve("mosquitto.conf");
            List<String> lines = new ArrayList<>(List.of(
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    // as root, mosquitto would switch to user 'mosquitto' and could not write its
                    // persistence into the test's directory: sessions would not survive a restart
                    "user " + System.getProperty("user.name"),
                    "persistence true",
                    "persistence_location " + dir.toAbsolutePath() + "/",
                    "log_dest file " + dir.toAbsolutePath().resolve("mosquitto.log"),
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    // the broker's own word that a subscription or a reload has happened: tests await these lines
                    "log_type subscribe",
                    "log_type information",
                    "max_queued_messages 100000"));
            lines.addAll(extraConfig);
            Files.write(conf, lines);
            process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.out").toFile())
                    .start();
            awaitListening(Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto", e);
        }
    }

    /** Stops the broker cleanly (SIGTERM); it saves its persistence. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * SIGHUP: Mosquitto re-reads its configuration, e.g. a changed {@code acl_file}, keeping its connections.
     * Returns once the broker has logged that it reloads: its single loop re-reads the files before it
     * handles the next packet, so whatever a test sends afterwards meets the new configuration.
     */
    public synchronized void reload() {
        long before = logged(RELOADING);
        signal("HUP");
        Delivered.waitFor("mosquitto logs \"" + RELOADING + "\" (see " + log() + ")", 10, () -> logged(RELOADING) > before);
    }

    private static final String RELOADING = "Reloading config.";

    /**
     * Waits until the client {@code clientId} has subscribed to {@code topicFilter}, as the broker logs it
     * ({@code <time>: <client id> <qos> <topic filter>}).
     */
    public void awaitSubscription(String clientId, String topicFilter, Duration timeout) {
        Delivered.waitFor(clientId + " subscribed to " + topicFilter + " (see " + log() + ")", timeout.toSeconds(),
                () -> logLines().stream().anyMatch(l -> l.contains(": " + clientId + " ") && l.endsWith(" " + topicFilter)));
    }

    private long logged(String text) {
        try {
            String all = Files.exists(log()) ? Files.readString(log()) : "";
            long n = 0;
            for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + text.length())) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> logLines() {
        try {
            return Files.exists(log()) ? Files.readAllLines(log()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path log() {
        return dir.toAbsolutePath().resolve("mosquitto.log");
    }

    public synchronized void freeze() {
        signal("STOP");
    }

    public synchronized void thaw() {
        signal("CONT");
    }

    private void signal(String sig) {
        if (process == null) {
            throw new IllegalStateException("broker not running");
        }
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see " + dir.resolve("mosquitto.out"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within " + timeout);
    }

    @Override
    public void close() {
        stop();
    }
}

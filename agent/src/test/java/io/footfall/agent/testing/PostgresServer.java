package io.footfall.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from Debian's packages ({@code postgresql}, installed by scripts/test),
 * created with {@code initdb} in a temporary directory and started with {@code pg_ctl} on a free
 * loopback port, for tests. initdb refuses to run as root, so as root the server runs as the
 * package's {@code postgres} user (via {@code runuser}) in a directory handed to it. Trust
 * authentication, superuser {@code footfall}, loopback only; {@code fsync=off}, since a test's
 * data need not survive a power cut. {@link #close()} stops it and deletes the directory.
 */
public final class PostgresServer implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final List<String> asUser;
    private final int port;
    private int databases;

    private PostgresServer(Path dir, Path bin, List<String> asUser, int port) {
        this.dir = dir;
        this.bin = bin;
        this.asUser = asUser;
        this.port = port;
    }

    /** The newest {@code /usr/lib/postgresql/N/bin}, if PostgreSQL is installed. */
    static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no /usr/lib/postgresql/*/bin/initdb: apt-get install postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL is not installed (apt-get install postgresql; scripts/test does)", e);
        }
    }

    public static PostgresServer start() {
        try {
            Path dir = Files.createTempDirectory("footfall-pg");
            List<String> asUser = List.of();
            if ("root".equals(System.getProperty("user.name"))) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
                asUser = List.of("runuser", "-u", "postgres", "--");
            }
            PostgresServer s = new PostgresServer(dir, binaries(), asUser, MosquittoBroker.freePort());
            s.run(60, "initdb", "-D", dir.resolve("data").toString(), "-U", "footfall", "--auth=trust", "-E", "UTF8", "--no-sync");
            s.resume();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    /** Stops the server (fast shutdown: clients are disconnected); {@link #resume()} starts it again on the same port. */
    public void pause() {
        run(60, "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    public void resume() {
        run(60, "pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "50",
                "-o", "-p " + port + " -h 127.0.0.1 -k " + dir + " -c fsync=off", "start");
    }

    public int port() {
        return port;
    }

    /** A new, empty database; its {@code postgresql://} URL, as {@code --store} takes it. */
    public synchronized String createDatabase() {
        String name = "footfall_" + (++databases);
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "footfall", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + "; see " + dir.resolve("postgres.log"), e);
        }
        return "postgresql://footfall@127.0.0.1:" + port + "/" + name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void run(int seconds, String tool, String... args) {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(tool + ".out").toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(tool + " did not finish within " + seconds + " s; see " + dir.resolve(tool + ".out"));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(tool + " failed (" + p.exitValue() + "): " + Files.readString(dir.resolve(tool + ".out")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            pause();
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory; nothing to keep
            }
        }
    }
}

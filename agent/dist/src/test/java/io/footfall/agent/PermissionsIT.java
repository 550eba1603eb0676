package io.footfall.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.testing.AgentProcess;
import io.footfall.agent.testing.Delivered;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Subscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent as the service runs it: an unprivileged user ({@code nobody}, through
 * {@code setpriv}) owning its data directory, a technician running commands as root or as another
 * user beside it (issue 9, items 2, 11 and 12).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PermissionsIT {
    static final List<String> SERVICE = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    static final List<String> TECHNICIAN = List.of("setpriv", "--reuid=4242", "--regid=4242", "--clear-groups");

    @TempDir
    Path dir;

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean setpriv() {
        return Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Every file of {@code d}, name to bytes. */
    static Map<String, byte[]> files(Path d) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    static void assertAllOwnedBy(String user, Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                assertEquals(user, Files.getOwner(p).getName(), p + " belongs to the service user");
            }
        }
    }

    @Test
    void diag_as_root_on_a_corrupt_outbox_fails_touches_nothing_and_the_service_user_recovers_it() throws Exception {
        assumeTrue(root() && setpriv() && MosquittoBroker.installed(), "needs root, setpriv and mosquitto");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.createDirectory(dir.resolve("data"));
        UserPrincipalLookupService users = data.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(data, users.lookupPrincipalByName("nobody"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));
        Path logs = Files.createDirectory(dir.resolve("logs"));
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/n1/counts")) {
            String[] run = {"run", "--config", "/dev/null", "--hal", "sim", "--broker", broker.uri(), "--site", "s1", "--node", "n1",
                "--window", "1m", "--sim-speed", "600", "--data-dir", data.toString()};
            try (AgentProcess agent = AgentProcess.startAs(SERVICE, logs.resolve("agent-1.log"), run)) {
                platform.await(r -> true, 3, 30, TimeUnit.SECONDS);
                assertTrue(platform.received().size() >= 3, Files.readString(logs.resolve("agent-1.log")));
                Delivered.waitFor("status file written", 10, () -> Files.exists(data.resolve("status.json")));
                // item 11: owner-only under umask 022
                for (String f : List.of("outbox.db", "outbox.db-wal", "outbox.db-shm", "lock", "status.json")) {
                    assertEquals("rw-------", mode(data.resolve(f)), f);
                }
                assertAllOwnedBy("nobody", data);

                // item 12: another unprivileged user is told it is a permission problem, and what to run
                Path denied = logs.resolve("status-as-technician.log");
                assertEquals(1, AgentProcess.runToEndAs(TECHNICIAN, denied, "outbox", "status", "--data-dir", data.toString()));
                assertTrue(Files.readString(denied).contains("permission denied") && Files.readString(denied).contains("sudo -u nobody"),
                        Files.readString(denied));
                assertFalse(Files.readString(denied).contains("no outbox"), Files.readString(denied));

                // item 3: outbox purge refuses while the agent runs
                Path purge = logs.resolve("purge-while-running.log");
                assertEquals(75, AgentProcess.runToEnd(purge, "outbox", "purge", "--yes", "--data-dir", data.toString()),
                        Files.readString(purge));
                assertEquals(143, agent.stop());
            }
            String firstStream = (String) JSON.std.mapFrom(platform.received().get(0).payload()).get("id");

            // item 2: a corrupt outbox, diag run as root
            byte[] corrupt = new byte[(int) Files.size(data.resolve("outbox.db"))];
            java.util.Arrays.fill(corrupt, (byte) 0x5a);
            Files.write(data.resolve("outbox.db"), corrupt);
            Map<String, byte[]> before = files(data);
            Path diag = logs.resolve("diag.log");
            assertEquals(1, AgentProcess.runToEnd(diag, "diag", "--config", "/dev/null", "--hal", "sim", "--site", "s1", "--node", "n1",
                    "--broker", broker.uri(), "--data-dir", data.toString()));
            String report = Files.readString(diag);
            assertTrue(report.lines().anyMatch(l -> l.startsWith("FAIL  outbox") && l.contains("corrupt")), report);
            Map<String, byte[]> after = files(data);
            assertEquals(before.keySet(), after.keySet(), "diag created or moved no file");
            for (String f : before.keySet()) {
                assertArrayEquals(before.get(f), after.get(f), f + " byte for byte");
            }
            assertAllOwnedBy("nobody", data);

            // the service user, not diag, quarantines it and goes on delivering in a new stream
            int delivered = platform.received().size();
            try (AgentProcess agent = AgentProcess.startAs(SERVICE, logs.resolve("agent-2.log"), run)) {
                platform.await(r -> true, delivered + 2, 30, TimeUnit.SECONDS);
                assertTrue(platform.received().size() >= delivered + 2, Files.readString(logs.resolve("agent-2.log")));
                assertEquals(143, agent.stop());
            }
            String log = Files.readString(logs.resolve("agent-2.log"));
            assertTrue(log.contains("outbox was corrupt") && !log.contains("READONLY"), log);
            String newId = (String) JSON.std.mapFrom(platform.received().get(platform.received().size() - 1).payload()).get("id");
            assertNotEquals(firstStream.split("/")[1], newId.split("/")[1], "a new stream after the quarantine");

            // a command run as root that writes the outbox leaves nothing the service cannot write
            Path purge = logs.resolve("purge.log");
            assertEquals(0, AgentProcess.runToEnd(purge, "outbox", "purge", "--yes", "--data-dir", data.toString()), Files.readString(purge));
            assertAllOwnedBy("nobody", data);
        }
    }

    @Test
    void run_as_root_in_the_service_users_directory_hands_what_it_creates_to_that_user() throws Exception {
        assumeTrue(root() && setpriv() && MosquittoBroker.installed(), "needs root, setpriv and mosquitto");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setOwner(data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                Subscriber platform = new Subscriber(broker.uri(), "footfall/v1/s1/n1/counts")) {
            String[] run = {"run", "--config", "/dev/null", "--hal", "sim", "--broker", broker.uri(), "--site", "s1", "--node", "n1",
                "--window", "1m", "--sim-speed", "600", "--data-dir", data.toString()};
            try (AgentProcess asRoot = AgentProcess.start(dir.resolve("root.log"), run)) {
                platform.await(r -> true, 2, 30, TimeUnit.SECONDS);
                assertAllOwnedBy("nobody", data);
                assertEquals(143, asRoot.stop());
            }
            assertAllOwnedBy("nobody", data);
            int delivered = platform.received().size();
            try (AgentProcess service = AgentProcess.startAs(SERVICE, dir.resolve("service.log"), run)) {
                platform.await(r -> true, delivered + 2, 30, TimeUnit.SECONDS);
                assertTrue(platform.received().size() >= delivered + 2, "the service user writes on: " + Files.readString(dir.resolve("service.log")));
                assertEquals(143, service.stop());
            }
            assertFalse(Files.readString(dir.resolve("service.log")).contains("READONLY"));
        }
    }
}

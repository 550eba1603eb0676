package io.footfall.agent.datadir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.testing.LockHolderMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataDirLockTest {
    @TempDir
    Path dir;

    Process holder() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine(), "the child took the lock");
        return p;
    }

    @Test
    void the_lock_file_is_owner_only_and_names_the_holders_pid() throws Exception {
        try (DataDirLock lock = DataDirLock.acquire(dir, "stop it")) {
            Path file = dir.resolve(DataDirLock.NAME);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(file).strip());
        }
    }

    @Test
    void a_lock_file_planted_as_a_symbolic_link_is_refused_and_what_it_points_to_is_left_alone() throws Exception {
        // the service user owns the data directory; root runs `footfall outbox purge` or `footfall run` there
        Path precious = Files.writeString(dir.resolve("shadow"), "root:$6$secret:19000:0:99999:7:::\n");
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.createSymbolicLink(data.resolve(DataDirLock.NAME), precious);
        DataDirException e = assertThrows(DataDirException.class, () -> DataDirLock.acquire(data, "stop it"));
        assertTrue(e.getMessage().contains(data.resolve(DataDirLock.NAME).toString()), e.getMessage());
        assertEquals("root:$6$secret:19000:0:99999:7:::\n", Files.readString(precious), "the link's target was truncated and written");
    }

    @Test
    void a_second_acquire_in_the_same_process_is_refused_and_the_first_lock_survives_it() throws Exception {
        try (DataDirLock lock = DataDirLock.acquire(dir, "stop it")) {
            DataDirLockedException e = assertThrows(DataDirLockedException.class, () -> DataDirLock.acquire(dir, "stop it"));
            assertEquals(ProcessHandle.current().pid(), e.holder().getAsLong());
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-cp",
                    System.getProperty("java.class.path"), LockHolderMain.class.getName(), dir.toString()).redirectErrorStream(true).start();
            String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            assertTrue(said.contains("in use by another footfall process (pid " + ProcessHandle.current().pid() + ")"), said);
        }
        try (DataDirLock again = DataDirLock.acquire(dir, "stop it")) {
            assertTrue(Files.exists(dir.resolve(DataDirLock.NAME)), "taken again after release");
        }
    }

    @Test
    void a_lock_held_by_another_process_is_refused_naming_its_pid_and_freed_by_sigkill() throws Exception {
        Process other = holder();
        try {
            DataDirLockedException e = assertThrows(DataDirLockedException.class,
                    () -> DataDirLock.acquire(dir, "stop the other agent first"));
            assertEquals(other.pid(), e.holder().getAsLong());
            assertTrue(e.getMessage().contains("pid " + other.pid()) && e.getMessage().contains("stop the other agent first"), e.getMessage());
            assertEquals(75, DataDirLockedException.EXIT_CODE);
        } finally {
            other.destroyForcibly().waitFor();
        }
        try (DataDirLock mine = DataDirLock.acquire(dir, "stop it")) {
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(dir.resolve(DataDirLock.NAME)).strip(),
                    "taken at once after the holder's SIGKILL, though its lock file stayed");
        }
    }
}

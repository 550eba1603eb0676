package io.footfall.agent.datadir;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.agent.testing.AgentProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock file left root-owned 0600 (by a version that did not hand it to the directory's owner, or
 * by a technician's cp as root) keeps the service out; it must say why and what to run.
 */
class ForeignLockIT {
    @TempDir
    Path dir;

    @Test
    void a_lock_file_the_service_user_cannot_open_is_refused_saying_permission_denied_and_the_chown_to_run() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run the agent as nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.createDirectory(dir.resolve("data"));
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(data, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("nobody"));
        view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
        Files.createFile(data.resolve(DataDirLock.NAME), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Path log = dir.resolve("agent.log");
        int code = AgentProcess.runToEndAs(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"), log,
                "run", "--hal", "sim", "--site", "s1", "--node", "n1", "--broker", "tcp://127.0.0.1:1", "--data-dir", data.toString());
        String said = Files.readString(log);
        assertTrue(code != 0, said);
        assertTrue(said.contains("permission denied") && said.contains("owned by root") && said.contains("chown"), said);
    }
}

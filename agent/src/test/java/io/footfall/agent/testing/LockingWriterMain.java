package io.footfall.agent.testing;

import io.footfall.agent.datadir.DataDirLock;
import io.footfall.agent.datadir.DataDirLockedException;
import io.footfall.agent.datadir.PrivateFiles;
import java.nio.file.Path;

/**
 * {@link OutboxWriterMain} behind the data directory's lock, as {@code footfall run} takes it: a
 * second one on the same directory prints the refusal and exits 75. Same arguments.
 */
public final class LockingWriterMain {
    private LockingWriterMain() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        PrivateFiles.createDirectories(dataDir);
        try (DataDirLock lock = DataDirLock.acquire(dataDir, "stop the other writer first")) {
            OutboxWriterMain.main(args);
        } catch (DataDirLockedException e) {
            System.out.println(e.getMessage());
            System.exit(DataDirLockedException.EXIT_CODE);
        }
    }
}

package io.footfall.agent.testing;

import io.footfall.agent.datadir.DataDirLock;
import java.nio.file.Path;

/**
 * A child JVM that takes a data directory's lock, prints {@code locked}, and holds it until killed:
 * the other process for the lock tests. Usage: {@code LockHolderMain dataDir}
 */
public final class LockHolderMain {
    private LockHolderMain() {}

    public static void main(String[] args) throws Exception {
        DataDirLock lock = DataDirLock.acquire(Path.of(args[0]), "test");
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        lock.close();
    }
}

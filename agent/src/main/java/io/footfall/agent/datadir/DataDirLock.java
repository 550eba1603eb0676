package io.footfall.agent.datadir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The one writer of a data directory: an exclusive {@code fcntl} lock on {@code DIR/lock}, held
 * for the life of the process and released by the kernel however the process ends (SIGKILL and
 * power cut included), so a stale lock file never blocks a restart. The holder writes its pid into
 * the file so the refused one can say who holds it. Taken by {@code footfall run} and by every
 * command that writes the outbox ({@code outbox purge}); readers ({@code diag}, {@code outbox
 * status|list}, {@code watch}) never take it.
 */
public final class DataDirLock implements AutoCloseable {
    /** The lock file's name inside the data directory. */
    public static final String NAME = "lock";

    /**
     * Directories this JVM holds. POSIX locks belong to the process, and closing any channel on the
     * file drops all of them, so a second attempt from this JVM is refused here, before it opens one.
     */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir} (which must exist) or refuses at once.
     *
     * @param advice what to do when another process holds it, e.g. "stop it first"
     * @throws DataDirLockedException another process (or this one) holds it
     */
    public static DataDirLock acquire(Path dir, String advice) {
        Path file = dir.resolve(NAME);
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new DataDirException("cannot lock data directory " + dir, e);
        }
        synchronized (HELD) {
            if (!HELD.add(key)) {
                throw new DataDirLockedException(dir, OptionalLong.of(ProcessHandle.current().pid()), advice);
            }
        }
        FileChannel channel = null;
        boolean locked = false;
        try {
            try {
                PrivateFiles.createFile(file);
            } catch (FileAlreadyExistsException exists) {
                // left by an earlier run: the lock on it, not the file, is what counts
            }
            if (Files.isSymbolicLink(file)) {
                throw new DataDirException("cannot lock data directory " + dir + ": " + file + " is a symbolic link (to "
                        + Files.readSymbolicLink(file) + "), which the agent never makes; remove it");
            }
            // never through a link: as root, truncating and writing the pid would land in its target
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                OptionalLong holder = holder(channel);
                channel.close();
                throw new DataDirLockedException(dir, holder, advice);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            locked = true;
            return new DataDirLock(key, channel, lock);
        } catch (AccessDeniedException e) {
            closeQuietly(channel);
            String owner;
            try {
                owner = "owned by " + Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName() + ", mode "
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException | RuntimeException unknown) {
                owner = "owner unknown";
            }
            throw new DataDirException("cannot lock data directory " + dir + ": permission denied on " + file + " (" + owner
                    + "); it must belong to the user the agent runs as: sudo chown " + System.getProperty("user.name") + " " + file);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DataDirException("cannot lock data directory " + dir + " (" + file + ")", e);
        } finally {
            if (!locked) {
                synchronized (HELD) {
                    HELD.remove(key);
                }
            }
        }
    }

    private static OptionalLong holder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            channel.read(b, 0);
            return OptionalLong.of(Long.parseLong(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /** Releases the lock; the file stays (deleting it would race with the next holder). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it anyway
        }
        closeQuietly(channel);
        synchronized (HELD) {
            HELD.remove(key);
        }
    }
}

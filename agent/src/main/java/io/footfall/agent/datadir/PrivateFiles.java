package io.footfall.agent.datadir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files and directories the agent creates are the service user's alone: directories 0700, files
 * 0600, whatever the umask (counts only, but no reason to share them). When a command runs as root
 * in a directory another user owns (the service's data directory), what it creates is handed to
 * that owner, so the service can still write it afterwards. SQLite does the same for the
 * {@code -wal}/{@code -shm}/{@code -journal} files it creates as root, and gives them the mode of the
 * database file, so an outbox created 0600 keeps its side files 0600 too.
 */
public final class PrivateFiles {
    private PrivateFiles() {}

    /** Creates {@code dir} and missing parents, each created one 0700; an existing directory is left as it is. */
    public static void createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            handToDirectoryOwner(abs);
        } catch (FileAlreadyExistsException raced) {
            // created meanwhile by someone else: theirs
        }
    }

    /**
     * Creates an empty file 0600, failing if it exists, and hands it to the directory's owner when
     * we are root and the directory is someone else's.
     */
    public static Path createFile(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        handToDirectoryOwner(file);
        return file;
    }

    /**
     * When {@code path} belongs to root (so we are root: we just created it) and its directory to
     * another user, gives it to that user and group. Otherwise leaves it alone.
     */
    public static void handToDirectoryOwner(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null) {
            return;
        }
        PosixFileAttributes mine = Files.readAttributes(path, PosixFileAttributes.class);
        PosixFileAttributes dir = Files.readAttributes(parent, PosixFileAttributes.class);
        if (!mine.owner().getName().equals("root") || dir.owner().equals(mine.owner())) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(dir.owner());
        view.setGroup(dir.group());
    }
}

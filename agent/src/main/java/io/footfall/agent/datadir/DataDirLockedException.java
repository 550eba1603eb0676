package io.footfall.agent.datadir;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Another process holds the data directory's lock: a second agent on one directory would hand out
 * the same seqs with different counts. {@code footfall} exits {@value #EXIT_CODE} (EX_TEMPFAIL: try
 * again once the other process is gone).
 */
public final class DataDirLockedException extends DataDirException {
    public static final int EXIT_CODE = 75;

    private final OptionalLong holder;

    public DataDirLockedException(Path dir, OptionalLong holder, String advice) {
        super("data directory " + dir + " is in use by another footfall process"
                + (holder.isPresent() ? " (pid " + holder.getAsLong() + ")" : "") + "; " + advice);
        this.holder = holder;
    }

    /** The pid the holder wrote into the lock file, when it could be read. */
    public OptionalLong holder() {
        return holder;
    }
}

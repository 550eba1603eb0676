package io.footfall.agent.outbox;

import io.footfall.agent.datadir.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox in one SQLite file, WAL mode, {@code synchronous=FULL}: a commit is on storage when it
 * returns, and a SIGKILL or power cut loses nothing committed.
 *
 * <p><b>Corrupt file.</b> A file SQLite cannot read (a power cut on an SD card may leave zeros), one
 * failing {@code PRAGMA quick_check}, or a zero-byte one (a new store is created whole, so an empty
 * file is one that lost its contents), is renamed aside to {@code outbox.db.corrupt-<epoch ms>}
 * (with its {@code -wal}), and a fresh store is started with a new stream id, so ids never repeat.
 * Whatever can still be read from the old file is carried over: its last seq (the new stream goes on
 * from there) and its undelivered messages (with their original ids). The fault is kept in
 * {@link #status()}; appending goes on. The same happens if corruption shows up while running.
 *
 * <p><b>Modes.</b> The file is created 0600 (its {@code -wal} and {@code -shm} follow), its
 * directory 0700 when created here; see {@link PrivateFiles}.
 *
 * <p><b>Bounds.</b> See {@link OutboxLimits}. <b>Storage full.</b> See {@link Outbox#append}: the
 * window is held in memory and stored later; before giving up the outbox merges its write-ahead log
 * back (which frees the most on a small partition), then coarsens old windows to make room.
 *
 * <p><b>Failed writes</b> (read-only file, full disk) are kept in {@link #status()} with SQLite's
 * own message, once per run of failures. <b>At close</b>, windows still held in memory go to
 * {@code outbox.db.spill} next to the store (or, if even that fails, to the log as JSON lines) and
 * are read back at the next start, after what is stored and in seq order.
 */
public final class SqliteOutbox implements Outbox {
    private static final Logger log = LoggerFactory.getLogger(SqliteOutbox.class);
    private static final int MAX_PENDING = 10_000;
    private static final int MAX_FAULTS = 50;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final int WAL_CHECKPOINT_PAGES = 100;
    private static final long WAL_MAX_BYTES = 256 * 1024;

    private final Path file;
    private final String node;
    private final OutboxLimits limits;
    private final WindowMerger merger;
    private final Deque<OutboxMessage> pending = new ArrayDeque<>();
    private final List<String> faults = new ArrayList<>();
    private Connection db;
    private String streamId;
    private long lastSeq;
    private long lastWindowEnd;
    private long coarsened;
    /**
     * The highest seq the forwarder reported acknowledged by the broker. Such a row may still be here
     * when its delete failed (full or read-only disk); it is never merged or dropped, since the
     * platform already has it and a merged re-send under a new id would count it twice.
     */
    private long acknowledgedThrough;
    private long dropped;
    private boolean storageOk = true;
    /** A spill file was read at start; it is removed once everything in it is stored. */
    private boolean spillRead;
    private long maxPageCount;

    /** @param node the node id, first part of every message id */
    public SqliteOutbox(Path file, String node) {
        this(file, node, OutboxLimits.defaults(), new CountsMerger());
    }

    public SqliteOutbox(Path file, String node, OutboxLimits limits, WindowMerger merger) {
        this.file = file.toAbsolutePath();
        this.node = Objects.requireNonNull(node);
        this.limits = Objects.requireNonNull(limits);
        this.merger = Objects.requireNonNull(merger);
        try {
            PrivateFiles.createDirectories(this.file.getParent());
        } catch (IOException e) {
            throw new OutboxException("cannot create the directory of " + file, e);
        }
        try {
            open();
        } catch (SQLException e) {
            if (!corruption(e)) {
                throw new OutboxException("cannot open outbox " + file, e);
            }
            quarantine(e.getMessage());
        }
        readSpill();
        honourSeqMark();
    }

    /**
     * The highest seq ever stored in this stream, kept in {@code outbox.db.seq} ({@code <stream> <seq>}) outside SQLite, written (and synced)
     * right after the commit and before the forwarder can read the window, so every seq ever
     * published is at most the mark; a crash between the two leaves the mark behind, never ahead. The store's own {@code last_seq} lives in the write-ahead log
     * until a checkpoint: when the log is lost (deleted after a crash to free space, or cut short by a
     * power cut on a card that lies about syncing) it goes back, and the seqs after it, already
     * published, would be handed out again with other counts. Going on from the mark instead loses no
     * id: the windows lost with the log show as a gap.
     */
    private void honourSeqMark() {
        long mark = readSeqMark();
        if (mark > lastSeq() + 1_000_000) { // ten years of 5-minute windows more than the store: damage, not a lost log
            log.warn("seq mark {} ({}) is far beyond the outbox's last seq {}: damaged, ignored", seqMarkFile(), mark, lastSeq());
            return;
        }
        if (mark > lastSeq()) { // (a mark of another stream, e.g. before a quarantine, reads as 0: a new stream reuses no id)
            fault("the outbox's last seq is " + lastSeq() + " but seq " + mark + " was already handed out (its write-ahead log was"
                    + " lost or cut short): going on from " + mark + "; windows " + (lastSeq() + 1) + "-" + mark
                    + " not delivered before are lost");
            log.error("{}", faults.get(faults.size() - 1));
            lastSeq = mark;
        }
    }

    private Path seqMarkFile() {
        return file.resolveSibling(file.getFileName() + ".seq");
    }

    private long readSeqMark() {
        try {
            String[] mark = new String(Files.readAllBytes(seqMarkFile()), java.nio.charset.StandardCharsets.US_ASCII).strip().split(" ");
            return mark.length == 2 && mark[0].equals(streamId) ? Long.parseLong(mark[1]) : 0;
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            log.warn("seq mark {} unreadable, ignored: {}", seqMarkFile(), e.toString());
            return 0;
        }
    }

    /** Records {@code seq} as stored, synced, before the window can be sent; best effort on a failing disk. */
    private void writeSeqMark(long seq) {
        Path f = seqMarkFile();
        try {
            if (!Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                PrivateFiles.createFile(f);
            }
            byte[] line = String.format("%s %019d%n", streamId, seq).getBytes(java.nio.charset.StandardCharsets.US_ASCII); // same length every time: one in-place write
            try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                c.write(java.nio.ByteBuffer.wrap(line), 0);
                c.force(false);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("seq mark {} not written: {}", f, e.toString());
        }
    }

    /**
     * Opens the file, creating it first when there is none (see {@link #create}). A zero-byte file
     * is therefore never one of ours in the making: it is a store that lost its contents (a
     * truncation, an SD card's power cut) and is treated as corrupt, so the loss is recorded
     * instead of silently starting over.
     */
    private void open() throws SQLException {
        try {
            if (!Files.exists(file)) {
                create(file);
            } else if (Files.size(file) == 0) {
                throw new SQLException("the file is empty (zero bytes) though a store existed", "corrupt", 11);
            } else {
                tighten(file);
            }
        } catch (IOException e) {
            throw new OutboxException("cannot create outbox " + file, e);
        }
        db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try {
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
                    String verdict = r.next() ? r.getString(1) : "no answer";
                    if (!"ok".equals(verdict)) {
                        throw new SQLException("quick_check: " + verdict, "corrupt", 11);
                    }
                }
                schema(s);
                if (maxPageCount > 0) {
                    s.execute("PRAGMA max_page_count=" + maxPageCount);
                }
            }
            String stream = meta("stream_id");
            if (stream == null) {
                byte[] b = new byte[3];
                new SecureRandom().nextBytes(b);
                stream = HexFormat.of().formatHex(b);
                setMeta("stream_id", stream);
            }
            streamId = stream;
            lastSeq = parse(meta("last_seq"));
            lastWindowEnd = parse(meta("last_window_end"));
            limitWal();
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private static void schema(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, topic TEXT NOT NULL,"
                + " payload BLOB NOT NULL, window_start INTEGER NOT NULL, window_end INTEGER NOT NULL)");
    }

    /**
     * Creates an empty store so that it appears whole or not at all: the schema is written into
     * {@code outbox.db.new}, created 0600 (SQLite gives the {@code -wal} and {@code -shm} the mode
     * of the database file, so they are 0600 too), which is then renamed into place and the
     * directory synced. As root in a directory another user owns, the file is handed to that user.
     */
    private static void create(Path file) throws IOException, SQLException {
        Path fresh = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        Files.deleteIfExists(fresh.resolveSibling(fresh.getFileName() + "-journal"));
        PrivateFiles.createFile(fresh);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fresh); Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous=FULL");
            schema(s);
        }
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * An outbox made by an earlier version under the default umask becomes owner-only. Never
     * through a symbolic link: the agent makes none, and as root a link planted in the service
     * user's directory would change the mode of whatever it points to.
     */
    private static void tighten(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                log.warn("{} is a symbolic link (to {}); its mode is left as it is", file, Files.readSymbolicLink(file));
                return;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(PosixFilePermissions.fromString("rw-------")); // a link swapped in meanwhile fails here
            }
        } catch (IOException | SecurityException e) {
            log.debug("mode of {} left as it is: {}", file, e.toString());
        }
    }

    /** Moves the unreadable file aside, starts a fresh store, carries over what can be read. */
    private void quarantine(String reason) {
        closeQuietly();
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            for (String suffix : List.of("-wal", "-shm")) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new OutboxException("outbox " + file + " is corrupt (" + reason + ") and cannot be moved aside", e);
        }
        Salvage salvage = salvage(aside);
        long carriedSeq = Math.max(Math.max(salvage.lastSeq, lastSeq), pending.isEmpty() ? 0 : pending.peekLast().seq());
        long carriedEnd = Math.max(salvage.lastWindowEnd, lastWindowEnd);
        try {
            open();
            db.setAutoCommit(false);
            for (OutboxMessage m : salvage.messages) {
                insert(m);
            }
            setMeta("last_seq", Long.toString(Math.max(carriedSeq, parse(meta("last_seq")))));
            setMeta("last_window_end", Long.toString(carriedEnd));
            setMeta("quarantined", aside.getFileName().toString());
            db.commit();
            db.setAutoCommit(true);
            lastSeq = parse(meta("last_seq"));
            lastWindowEnd = carriedEnd;
        } catch (SQLException e) {
            throw new OutboxException("cannot start a fresh outbox at " + file + " after quarantining the corrupt one", e);
        }
        fault("outbox was corrupt (" + reason + "): moved aside to " + aside.getFileName() + ", new stream " + streamId
                + ", seq goes on from " + lastSeq + ", " + salvage.messages.size() + " undelivered messages salvaged");
        log.error("{}", faults.get(faults.size() - 1));
    }

    private record Salvage(long lastSeq, long lastWindowEnd, List<OutboxMessage> messages) {}

    private static Salvage salvage(Path aside) {
        long seq = 0;
        long end = 0;
        List<OutboxMessage> messages = new ArrayList<>();
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + aside)) {
            try (Statement s = old.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT k, v FROM meta")) {
                    while (r.next()) {
                        if ("last_seq".equals(r.getString(1))) {
                            seq = Long.parseLong(r.getString(2));
                        } else if ("last_window_end".equals(r.getString(1))) {
                            end = Long.parseLong(r.getString(2));
                        }
                    }
                } catch (SQLException | NumberFormatException e) {
                    log.debug("no meta in quarantined outbox: {}", e.toString());
                }
                try (ResultSet r = s.executeQuery("SELECT " + OutboxRows.COLUMNS + " FROM outbox ORDER BY seq")) {
                    while (r.next()) {
                        OutboxMessage m = OutboxRows.message(r);
                        messages.add(m);
                        seq = Math.max(seq, m.seq());
                        end = Math.max(end, m.windowEndMillis());
                    }
                } catch (SQLException | RuntimeException e) {
                    log.debug("messages of quarantined outbox partly unreadable: {}", e.toString());
                }
            }
        } catch (SQLException e) {
            log.debug("quarantined outbox unreadable: {}", e.toString());
        }
        return new Salvage(seq, end, messages);
    }

    @Override
    public synchronized String streamId() {
        return streamId;
    }

    @Override
    public synchronized long lastSeq() {
        return pending.isEmpty() ? lastSeq : Math.max(lastSeq, pending.peekLast().seq());
    }

    @Override
    public synchronized long lastWindowEndMillis() {
        return pending.isEmpty() ? lastWindowEnd : pending.peekLast().windowEndMillis();
    }

    @Override
    public synchronized OutboxMessage append(long windowStartMillis, long windowEndMillis, MessageFactory factory) {
        long seq = lastSeq() + 1;
        String id = node + "/" + streamId + "/" + seq;
        Built built = factory.build(seq, id);
        OutboxMessage m = new OutboxMessage(seq, id, built.topic(), built.payload(), windowStartMillis, windowEndMillis);
        pending.addLast(m);
        flushPending();
        if (pending.size() > MAX_PENDING) {
            OutboxMessage lost = pending.removeFirst();
            dropped++;
            fault("storage failing for " + MAX_PENDING + " windows: dropped seq " + lost.seq() + " from memory");
        }
        return m;
    }

    /** Stores held messages in order; stops at the first failure, which is recorded. */
    private void flushPending() {
        while (!pending.isEmpty()) {
            OutboxMessage m = pending.peekFirst();
            try {
                store(m);
            } catch (SQLException e) {
                if (corruption(e)) {
                    quarantine(e.getMessage());
                    continue;
                }
                if (full(e) && (shrinkWal() || makeRoom())) {
                    continue;
                }
                writeFailed("store window seq " + m.seq() + " (holding it in memory)", e);
                return;
            }
            pending.removeFirst();
            writeWorked();
            if (pending.isEmpty() && spillRead) {
                removeSpill();
            }
            try {
                enforceLimits();
            } catch (SQLException e) {
                log.warn("cannot apply outbox limits: {}", e.toString());
            }
        }
    }

    private void store(OutboxMessage m) throws SQLException {
        try {
            db.setAutoCommit(false);
            insert(m);
            setMeta("last_seq", Long.toString(m.seq()));
            setMeta("last_window_end", Long.toString(m.windowEndMillis()));
            db.commit();
            lastSeq = m.seq();
            lastWindowEnd = m.windowEndMillis();
            writeSeqMark(m.seq()); // before anyone can read the row: this method holds the outbox's lock
        } catch (SQLException e) {
            rollback();
            throw e;
        } finally {
            autoCommit();
        }
    }

    private void insert(OutboxMessage m) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO outbox VALUES (?,?,?,?,?,?)")) {
            p.setLong(1, m.seq());
            p.setString(2, m.id());
            p.setString(3, m.topic());
            p.setBytes(4, m.payload());
            p.setLong(5, m.windowStartMillis());
            p.setLong(6, m.windowEndMillis());
            p.executeUpdate();
        }
    }

    /** Storage is full: coarsen the oldest mergeable hour (or day) to free pages. */
    /**
     * Keeps the write-ahead log small: merged back every {@value #WAL_CHECKPOINT_PAGES} pages (at a
     * window every 5 minutes, about every 3 hours) and cut back to {@value #WAL_MAX_BYTES} bytes after.
     * SQLite's defaults (1,000 pages, never shrunk) let the log alone fill a small partition, and a full
     * partition cannot take the checkpoint that would free it.
     */
    private void limitWal() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint=" + WAL_CHECKPOINT_PAGES);
            s.execute("PRAGMA journal_size_limit=" + WAL_MAX_BYTES);
        }
    }

    /**
     * Storage is full: merges the write-ahead log back into the database and truncates it. SQLite's
     * automatic checkpoint runs only at 1,000 pages (4 MB) of log and never shrinks the file, so on a
     * small or nearly full partition the log alone can fill it. True when the log got smaller.
     */
    private boolean shrinkWal() {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        try {
            long before = Files.exists(wal) ? Files.size(wal) : 0;
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            long after = Files.exists(wal) ? Files.size(wal) : 0;
            if (after < before) {
                log.info("outbox {} full: write-ahead log merged back and truncated, {} bytes freed", file, before - after);
                return true;
            }
        } catch (IOException | SQLException e) {
            log.debug("cannot checkpoint the outbox's write-ahead log: {}", e.toString());
        }
        return false;
    }

    private boolean makeRoom() {
        try {
            return coarsenOne(HOUR, Long.MAX_VALUE) || coarsenOne(DAY, Long.MAX_VALUE);
        } catch (SQLException e) {
            return false;
        }
    }

    private void enforceLimits() throws SQLException {
        long cutoff = lastWindowEnd - limits.maxAge().toMillis();
        while (coarsenOne(HOUR, cutoff)) {
            // windows older than maxAge become hourly
        }
        while (overSize()) {
            if (!coarsenOne(HOUR, Long.MAX_VALUE) && !coarsenOne(DAY, Long.MAX_VALUE) && !dropOldest()) {
                break;
            }
        }
    }

    private boolean overSize() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(length(payload)), 0) FROM outbox")) {
            r.next();
            return r.getLong(1) > limits.maxMessages() || r.getLong(2) > limits.maxBytes();
        }
    }

    /**
     * The highest seq that must not be merged or dropped: the {@value Outbox#MAX_IN_FLIGHT} oldest
     * messages, which may be on the wire, and everything the broker already acknowledged.
     */
    private long protectedThrough() throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT max(seq) FROM (SELECT seq FROM outbox ORDER BY seq LIMIT " + MAX_IN_FLIGHT + ")")) {
            return Math.max(acknowledgedThrough, r.next() ? r.getLong(1) : 0);
        }
    }

    private record Row(long seq, String id, long start, long end) {
        String prefix() {
            return id.substring(0, id.lastIndexOf('/'));
        }

        long seqLast() {
            String tail = id.substring(id.lastIndexOf('/') + 1);
            int dash = tail.indexOf('-');
            return dash < 0 ? seq : Long.parseLong(tail.substring(dash + 1));
        }
    }

    /**
     * Merges the oldest run of two or more unprotected messages that lie in one {@code bucket}
     * (clock hour or UTC day) and all ended by {@code cutoff}. False when there is none.
     */
    private boolean coarsenOne(long bucket, long cutoff) throws SQLException {
        long guard = protectedThrough();
        List<Row> run = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT seq, id, window_start, window_end FROM outbox WHERE seq > ? AND window_end <= ? ORDER BY seq")) {
            p.setLong(1, guard);
            p.setLong(2, cutoff);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Row row = new Row(r.getLong(1), r.getString(2), r.getLong(3), r.getLong(4));
                    boolean fits = Math.floorDiv(row.start, bucket) == Math.floorDiv(row.end - 1, bucket);
                    boolean joins = !run.isEmpty() && fits
                            && Math.floorDiv(row.start, bucket) == Math.floorDiv(run.get(0).start, bucket)
                            && row.prefix().equals(run.get(0).prefix())
                            && row.seq == run.get(run.size() - 1).seqLast() + 1;
                    if (joins) {
                        run.add(row);
                        continue;
                    }
                    if (run.size() >= 2) {
                        break;
                    }
                    run.clear();
                    if (fits) {
                        run.add(row);
                    }
                }
            }
        }
        if (run.size() < 2) {
            return false;
        }
        List<OutboxMessage> parts;
        try (PreparedStatement p = db.prepareStatement("SELECT " + OutboxRows.COLUMNS + " FROM outbox WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            p.setLong(1, run.get(0).seq);
            p.setLong(2, run.get(run.size() - 1).seq);
            try (ResultSet r = p.executeQuery()) {
                parts = OutboxRows.messages(r);
            }
        }
        Row first = run.get(0);
        Row last = run.get(run.size() - 1);
        String id = first.prefix() + "/" + first.seq + "-" + last.seqLast();
        byte[] merged = merger.merge(parts, id);
        try {
            db.setAutoCommit(false);
            try (PreparedStatement p = db.prepareStatement("DELETE FROM outbox WHERE seq BETWEEN ? AND ?")) {
                p.setLong(1, first.seq);
                p.setLong(2, last.seq);
                p.executeUpdate();
            }
            insert(new OutboxMessage(first.seq, id, parts.get(0).topic(), merged, first.start, last.end));
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw e;
        } finally {
            autoCommit();
        }
        coarsened += parts.size();
        log.info("outbox over its bound: merged seq {}-{} into one {} window", first.seq, last.seqLast(), bucket == HOUR ? "hourly" : "daily");
        return true;
    }

    private boolean dropOldest() throws SQLException {
        long guard = protectedThrough();
        try (PreparedStatement p = db.prepareStatement("SELECT seq, id FROM outbox WHERE seq > ? ORDER BY seq LIMIT 1")) {
            p.setLong(1, guard);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return false;
                }
                long seq = r.getLong(1);
                Row row = new Row(seq, r.getString(2), 0, 0);
                delete(seq);
                dropped += row.seqLast() - seq + 1;
                fault("outbox full even at daily resolution: dropped seq " + seq + (row.seqLast() == seq ? "" : "-" + row.seqLast()));
                log.error("{}", faults.get(faults.size() - 1));
                return true;
            }
        }
    }

    @Override
    public synchronized List<OutboxMessage> oldest(int max) {
        return oldest(0, max);
    }

    @Override
    public synchronized List<OutboxMessage> oldest(long afterSeq, int max) {
        flushPending();
        return withDb(() -> {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT " + OutboxRows.COLUMNS + " FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
                p.setLong(1, afterSeq);
                p.setInt(2, max);
                try (ResultSet r = p.executeQuery()) {
                    return OutboxRows.messages(r);
                }
            }
        }, "read outbox");
    }

    @Override
    public synchronized void deleteAcknowledged(java.util.SortedMap<Long, String> acknowledged) {
        if (acknowledged.isEmpty()) {
            return;
        }
        acknowledgedThrough = Math.max(acknowledgedThrough, acknowledged.lastKey());
        write(() -> {
            try {
                db.setAutoCommit(false);
                try (PreparedStatement p = db.prepareStatement("DELETE FROM outbox WHERE seq = ? AND id = ?")) {
                    for (var e : acknowledged.entrySet()) {
                        p.setLong(1, e.getKey());
                        p.setString(2, e.getValue());
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                db.commit();
            } catch (SQLException e) {
                rollback();
                throw e;
            } finally {
                autoCommit();
            }
            return null;
        }, "delete " + acknowledged.size() + " acknowledged messages (seq " + acknowledged.firstKey() + "-" + acknowledged.lastKey() + ")");
    }

    private void delete(long seq) {
        write(() -> {
            try (PreparedStatement p = db.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
                p.setLong(1, seq);
                p.executeUpdate();
            }
            return null;
        }, "delete seq " + seq);
    }

    @Override
    public synchronized long depth() {
        return storedDepth() + pending.size();
    }

    private long storedDepth() {
        return withDb(() -> {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM outbox")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        }, "count outbox");
    }

    @Override
    public synchronized OutboxStatus status() {
        long bytes = withDb(() -> {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT coalesce(sum(length(payload)), 0) FROM outbox")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        }, "measure outbox");
        return new OutboxStatus(depth(), pending.size(), bytes, coarsened, dropped, faults, storageOk);
    }

    /**
     * Caps the database at {@code pages} pages ({@code PRAGMA max_page_count}), as a full disk
     * would; for tests, and for an operator who wants a hard cap below the partition's size.
     */
    public synchronized void maxPageCount(long pages) {
        maxPageCount = pages;
        withDb(() -> {
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA max_page_count=" + pages);
            }
            return null;
        }, "set max_page_count");
    }

    @Override
    public synchronized void close() {
        flushPending();
        spill();
        try {
            db.close();
        } catch (SQLException e) {
            throw new OutboxException("cannot close outbox", e);
        }
    }

    /**
     * At close: windows still held in memory go to the spill file next to the outbox, or, if that
     * cannot be written either, to the log as JSON lines marked {@value OutboxSpill#JOURNAL_MARK}.
     */
    private void spill() {
        if (pending.isEmpty()) {
            return;
        }
        Path spill = OutboxSpill.fileFor(file);
        String range = "seq " + pending.peekFirst().seq() + "-" + pending.peekLast().seq();
        try {
            OutboxSpill.write(spill, pending);
            log.warn("closing with {} windows the outbox could not store ({}): written to {}, read back at the next start",
                    pending.size(), range, spill);
        } catch (IOException | RuntimeException e) {
            log.error("closing with {} windows the outbox could not store ({}), and {} cannot be written either ({}): they follow as log lines"
                    + " marked '{}'; see docs/DELIVERY.md to put them back", pending.size(), range, spill, e.toString(), OutboxSpill.JOURNAL_MARK.trim());
            for (OutboxMessage m : pending) {
                log.error("{}{}", OutboxSpill.JOURNAL_MARK, OutboxSpill.line(m));
            }
        }
    }

    /** At start: windows spilled at the last stop come back, after what is stored and in seq order. */
    private void readSpill() {
        Path spill = OutboxSpill.fileFor(file);
        if (!Files.exists(spill)) {
            return;
        }
        List<String> bad = new ArrayList<>();
        List<OutboxMessage> read;
        try {
            read = OutboxSpill.read(spill, bad);
        } catch (IOException e) {
            read = List.of();
            bad.add(e.toString());
        }
        long plausible = lastSeq() + MAX_PENDING + 1_000_000L;
        for (OutboxMessage m : read) {
            if (m.seq() > plausible) { // would send seq towards overflow: damage, like an unreadable line
                bad.add("seq " + m.seq() + " far beyond the outbox's last seq " + lastSeq());
            }
        }
        read = read.stream().filter(m -> m.seq() <= plausible).toList();
        if (!bad.isEmpty()) {
            setSpillAside(spill, bad);
        }
        int taken = 0;
        for (OutboxMessage m : read.stream().sorted(java.util.Comparator.comparingLong(OutboxMessage::seq)).toList()) {
            if (m.seq() > lastSeq()) {
                pending.addLast(m);
                taken++;
            }
        }
        log.info("read {} windows spilled at the last stop from {} ({} already stored)", taken, spill, read.size() - taken);
        spillRead = true;
        flushPending();
        if (pending.isEmpty()) {
            removeSpill();
        }
    }

    /**
     * A spill file that cannot be read whole holds windows whose seq is unknown; they were never
     * stored, so the next append would hand out their seqs again, with their ids and other counts.
     * The file is kept aside for the technician ({@code outbox.db.spill.unreadable-<epoch ms>}) and a
     * new stream starts, as for a corrupt outbox, so no id in it can be reused.
     */
    private void setSpillAside(Path spill, List<String> bad) {
        Path aside = spill.resolveSibling(spill.getFileName() + ".unreadable-" + System.currentTimeMillis());
        String kept;
        try {
            Files.move(spill, aside);
            kept = "moved aside to " + aside.getFileName();
        } catch (IOException e) {
            kept = "left in place (cannot move it: " + e + ")";
        }
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        String stream = HexFormat.of().formatHex(b);
        try {
            setMeta("stream_id", stream);
        } catch (SQLException e) {
            log.warn("cannot record the new stream {} in {}: {}", stream, file, e.toString());
        }
        streamId = stream;
        fault("spill file " + spill + " cannot be read whole (" + bad.size() + " problems, first " + bad.get(0) + "): " + kept
                + "; new stream " + streamId + " so that no id of a window in it is used again");
        log.error("{}", faults.get(faults.size() - 1));
    }

    private void removeSpill() {
        spillRead = false;
        try {
            Files.deleteIfExists(OutboxSpill.fileFor(file));
        } catch (IOException e) {
            log.warn("cannot remove the spill file, whose windows are all stored now (they are skipped when read again): {}", e.toString());
        }
    }

    @FunctionalInterface
    private interface Op<T> {
        T run() throws SQLException;
    }

    /** A write outside {@link #flushPending}: a failure is kept in the faults and {@code storageOk}, then thrown. */
    private <T> T write(Op<T> op, String what) {
        try {
            T t;
            try {
                t = withDb(op, what);
            } catch (OutboxException e) {
                if (!(e.getCause() instanceof SQLException sql && full(sql) && shrinkWal())) {
                    throw e;
                }
                t = withDb(op, what);
            }
            writeWorked();
            return t;
        } catch (OutboxException e) {
            if (e.getCause() instanceof SQLException sql) {
                writeFailed(what, sql);
            }
            throw e;
        }
    }

    /** Records the first failure of a run of failed writes as a fault (with SQLite's own words) and logs it once. */
    private void writeFailed(String what, SQLException e) {
        if (storageOk) {
            fault("cannot " + what + ": " + e.getMessage());
            log.warn("outbox {}: {}", file, faults.get(faults.size() - 1));
        } else {
            log.debug("outbox still cannot write: cannot {}: {}", what, e.getMessage());
        }
        storageOk = false;
    }

    private void writeWorked() {
        if (!storageOk) {
            storageOk = true;
            fault("storage works again");
            log.info("outbox {} can be written again{}", file, pending.isEmpty() ? "" : "; storing the " + pending.size() + " windows held in memory");
        }
    }

    private <T> T withDb(Op<T> op, String what) {
        try {
            return op.run();
        } catch (SQLException e) {
            if (!corruption(e)) {
                throw new OutboxException("cannot " + what + " (" + file + "): " + e.getMessage(), e);
            }
            quarantine(e.getMessage());
            try {
                return op.run();
            } catch (SQLException again) {
                throw new OutboxException("cannot " + what + " even in a fresh outbox (" + file + ")", again);
            }
        }
    }

    private void fault(String what) {
        faults.add(Instant.now() + " " + what);
        if (faults.size() > MAX_FAULTS) {
            faults.remove(0);
        }
    }

    private static boolean corruption(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == 11 || code == 26;
    }

    private static boolean full(SQLException e) {
        return (e.getErrorCode() & 0xff) == 13;
    }

    private String meta(String key) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private void setMeta(String key, String value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO meta(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    private static long parse(String v) {
        return v == null ? 0 : Long.parseLong(v);
    }

    private void closeQuietly() {
        try {
            if (db != null) {
                db.close();
            }
        } catch (SQLException ignored) {
            // replacing it anyway
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // next statement will report a broken connection
        }
    }
}

package io.footfall.agent.outbox;

import io.footfall.agent.datadir.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
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
 * back (which frees the most on a small partition), then coarsens old windows to make room
 * ({@link Coarsening}).
 *
 * <p><b>Schema.</b> See {@link OutboxSchema}: a file of an older version is migrated in place at
 * start, in one transaction. Should that fail for want of space or write permission, the file is
 * read as it is (its messages are delivered) and new windows are held in memory, as for any failed
 * write, until the migration succeeds; a file that turns out damaged is quarantined.
 *
 * <p><b>Failed writes</b> (read-only file, full disk) are kept in {@link #status()} with SQLite's
 * own message, once per run of failures. <b>At close</b>, windows still held in memory go to
 * {@code outbox.db.spill} next to the store (or, if even that fails, to the log as JSON lines) and
 * are read back at the next start, after what is stored and in seq order.
 */
public final class SqliteOutbox implements Outbox {
    private static final Logger log = LoggerFactory.getLogger(SqliteOutbox.class);
    private static final int MAX_PENDING = 10_000;

    private final Path file;
    private final String node;
    private final OutboxLimits limits;
    private final WindowMerger merger;
    private final SeqMark seqMark;
    private final Deque<OutboxMessage> pending = new ArrayDeque<>();
    private final OutboxFaults faults = new OutboxFaults(Clock.systemUTC());
    private Connection db;
    private OutboxTable table;
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
    /** A spill file was read at start; it is removed once everything in it is stored. */
    private boolean spillRead;
    private long maxPageCount;

    /**
     * @param node the node id, first part of every message id
     * @param merger merges coarsened windows; the node passes {@code new CountsMerger(Kinds.STANDARD.sections())}
     */
    public SqliteOutbox(Path file, String node, OutboxLimits limits, WindowMerger merger) {
        this.file = file.toAbsolutePath();
        this.node = Objects.requireNonNull(node);
        this.limits = Objects.requireNonNull(limits);
        this.merger = Objects.requireNonNull(merger);
        this.seqMark = new SeqMark(this.file);
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

    /** Goes on from the {@link SeqMark} when the store's own last seq went back (a lost write-ahead log). */
    private void honourSeqMark() {
        long mark = seqMark.read(streamId);
        if (mark > lastSeq() + 1_000_000) { // ten years of 5-minute windows more than the store: damage, not a lost log
            log.warn("seq mark {} ({}) is far beyond the outbox's last seq {}: damaged, ignored", seqMark.file(), mark, lastSeq());
            return;
        }
        if (mark > lastSeq()) { // (a mark of another stream, e.g. before a quarantine, reads as 0: a new stream reuses no id)
            log.error("{}", faults.add("the outbox's last seq is " + lastSeq() + " but seq " + mark + " was already handed out (its"
                    + " write-ahead log was lost or cut short): going on from " + mark + "; windows " + (lastSeq() + 1) + "-" + mark
                    + " not delivered before are lost"));
            lastSeq = mark;
        }
    }

    /** Opens the file ({@link OutboxDb#open}), migrates an older one, reads the stream's identity. */
    private void open() throws SQLException {
        db = OutboxDb.open(file, maxPageCount);
        try {
            table = new OutboxTable(db, OutboxSchema.version(db));
            migrateAtOpen();
            Optional<String> stream = table.meta("stream_id");
            if (stream.isEmpty()) {
                stream = Optional.of(newStreamId());
                table.setMeta("stream_id", stream.get());
            }
            streamId = stream.get();
            lastSeq = table.metaLong("last_seq");
            lastWindowEnd = table.metaLong("last_window_end");
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Migrates an older file; a failure other than damage leaves it readable as it is (see the class comment). */
    private void migrateAtOpen() throws SQLException {
        if (table.current()) {
            return;
        }
        try {
            table.migrate();
            log.info("outbox {} migrated to schema version {}", file, OutboxSchema.CURRENT);
        } catch (SQLException e) {
            if (corruption(e)) {
                throw e;
            }
            writeFailed("migrate the outbox to schema version " + OutboxSchema.CURRENT + " (its messages are read as they are;"
                    + " new windows are held in memory until it can be written)", e);
        }
    }

    private static String newStreamId() {
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Moves the unreadable file aside, starts a fresh store, carries over what can be read. */
    private void quarantine(String reason) {
        closeQuietly();
        Path aside = OutboxQuarantine.moveAside(file, reason);
        OutboxQuarantine.Salvage salvage = OutboxQuarantine.salvage(aside);
        long carriedSeq = Math.max(Math.max(salvage.lastSeq(), lastSeq), pending.isEmpty() ? 0 : pending.peekLast().seq());
        long carriedEnd = Math.max(salvage.lastWindowEnd(), lastWindowEnd);
        try {
            open();
            table.carryOver(salvage.messages(), carriedSeq, carriedEnd, aside.getFileName().toString());
            lastSeq = table.metaLong("last_seq");
            lastWindowEnd = carriedEnd;
        } catch (SQLException e) {
            throw new OutboxException("cannot start a fresh outbox at " + file + " after quarantining the corrupt one", e);
        }
        log.error("{}", faults.add("outbox was corrupt (" + reason + "): moved aside to " + aside.getFileName() + ", new stream " + streamId
                + ", seq goes on from " + lastSeq + ", " + salvage.messages().size() + " undelivered messages salvaged"));
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
        String id = MessageIds.window(node, streamId, seq);
        Built built = factory.build(seq, id);
        OutboxMessage m = new OutboxMessage(seq, id, built.topic(), built.payload(), windowStartMillis, windowEndMillis);
        pending.addLast(m);
        flushPending();
        if (pending.size() > MAX_PENDING) {
            OutboxMessage lost = pending.removeFirst();
            dropped++;
            faults.add("storage failing for " + MAX_PENDING + " windows: dropped seq " + lost.seq() + " from memory");
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
        if (!table.current() && table.migrate()) {
            log.info("outbox {} migrated to schema version {}", file, OutboxSchema.CURRENT);
        }
        table.append(m);
        lastSeq = m.seq();
        lastWindowEnd = m.windowEndMillis();
        seqMark.write(streamId, m.seq()); // before anyone can read the row: this method holds the outbox's lock
    }

    /** Storage is full: see {@link OutboxDb#truncateWal}. */
    private boolean shrinkWal() {
        return OutboxDb.truncateWal(db, file);
    }

    /** Storage is full: coarsen the oldest mergeable hour (or day) to free pages. */
    private boolean makeRoom() {
        try {
            return table.current() && (coarsenOne(Coarsening.HOUR, Long.MAX_VALUE) || coarsenOne(Coarsening.DAY, Long.MAX_VALUE));
        } catch (SQLException e) {
            return false;
        }
    }

    private void enforceLimits() throws SQLException {
        long cutoff = lastWindowEnd - limits.maxAge().toMillis();
        while (coarsenOne(Coarsening.HOUR, cutoff)) {
            // windows older than maxAge become hourly
        }
        for (OutboxTable.Fill fill = table.fill(); limits.exceededBy(fill.messages(), fill.payloadBytes()); fill = table.fill()) {
            if (!coarsenOne(Coarsening.HOUR, Long.MAX_VALUE) && !coarsenOne(Coarsening.DAY, Long.MAX_VALUE) && !dropOldest()) {
                break;
            }
        }
    }

    /**
     * The highest seq that must not be merged or dropped: the {@value Outbox#MAX_IN_FLIGHT} oldest
     * messages, which may be on the wire, and everything the broker already acknowledged.
     */
    private long protectedThrough() throws SQLException {
        return Math.max(acknowledgedThrough, table.seqOfOldest(MAX_IN_FLIGHT));
    }

    /**
     * Merges the oldest run of two or more unprotected messages that lie in one {@code bucket}
     * (clock hour or UTC day) and all ended by {@code cutoff}. False when there is none.
     */
    private boolean coarsenOne(long bucket, long cutoff) throws SQLException {
        Optional<Coarsening.Run> found = table.findRun(protectedThrough(), cutoff, new Coarsening.RunFinder(bucket));
        if (found.isEmpty()) {
            return false;
        }
        Coarsening.Run run = found.get();
        List<OutboxMessage> parts = table.messages(run);
        String id = run.id();
        byte[] merged = merger.merge(parts, id);
        table.replace(run, new OutboxMessage(run.first().seq(), run.last().seqLast(), id, parts.get(0).topic(), merged,
                run.first().start(), run.last().end()));
        coarsened += parts.size();
        log.info("outbox over its bound: merged seq {}-{} into one {} window", run.first().seq(), run.last().seqLast(),
                bucket == Coarsening.HOUR ? "hourly" : "daily");
        return true;
    }

    private boolean dropOldest() throws SQLException {
        Optional<Coarsening.Row> oldest = table.oldestAbove(protectedThrough());
        if (oldest.isEmpty()) {
            return false;
        }
        Coarsening.Row row = oldest.get();
        delete(row.seq());
        dropped += row.seqLast() - row.seq() + 1;
        log.error("{}", faults.add("outbox full even at daily resolution: dropped seq " + row.seq()
                + (row.seqLast() == row.seq() ? "" : "-" + row.seqLast())));
        return true;
    }

    @Override
    public synchronized List<OutboxMessage> oldest(int max) {
        return oldest(0, max);
    }

    @Override
    public synchronized List<OutboxMessage> oldest(long afterSeq, int max) {
        flushPending();
        return withDb(() -> table.oldest(afterSeq, max), "read outbox");
    }

    @Override
    public synchronized void deleteAcknowledged(SortedMap<Long, String> acknowledged) {
        if (acknowledged.isEmpty()) {
            return;
        }
        acknowledgedThrough = Math.max(acknowledgedThrough, acknowledged.lastKey());
        write(() -> {
            table.deleteAcknowledged(acknowledged);
            return null;
        }, "delete " + acknowledged.size() + " acknowledged messages (seq " + acknowledged.firstKey() + "-" + acknowledged.lastKey() + ")");
    }

    private void delete(long seq) {
        write(() -> {
            table.delete(seq);
            return null;
        }, "delete seq " + seq);
    }

    @Override
    public synchronized long depth() {
        return withDb(() -> table.count(), "count outbox") + pending.size();
    }

    @Override
    public synchronized OutboxStatus status() {
        OutboxTable.Fill fill = withDb(() -> table.fill(), "measure outbox");
        return new OutboxStatus(fill.messages() + pending.size(), pending.size(), fill.payloadBytes(), coarsened, dropped, faults.list(),
                faults.storageOk());
    }

    /**
     * Caps the database at {@code pages} pages ({@code PRAGMA max_page_count}), as a full disk
     * would; for tests, and for an operator who wants a hard cap below the partition's size.
     */
    public synchronized void maxPageCount(long pages) {
        maxPageCount = pages;
        withDb(() -> {
            table.execute("PRAGMA max_page_count=" + pages);
            return null;
        }, "set max_page_count");
    }

    @Override
    public synchronized void close() {
        flushPending();
        OutboxSpill.save(file, pending);
        try {
            db.close();
        } catch (SQLException e) {
            throw new OutboxException("cannot close outbox", e);
        }
    }

    /** At start: windows spilled at the last stop come back, after what is stored and in seq order. */
    private void readSpill() {
        Optional<OutboxSpill.Recovered> recovered = OutboxSpill.recover(file, lastSeq(), MAX_PENDING + 1_000_000L);
        if (recovered.isEmpty()) {
            return;
        }
        if (!recovered.get().bad().isEmpty()) {
            setSpillAside(OutboxSpill.fileFor(file), recovered.get().bad());
        }
        List<OutboxMessage> taken = recovered.get().after(lastSeq());
        pending.addAll(taken);
        log.info("read {} windows spilled at the last stop from {} ({} already stored)", taken.size(), OutboxSpill.fileFor(file),
                recovered.get().windows().size() - taken.size());
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
        String stream = newStreamId();
        try {
            table.setMeta("stream_id", stream);
        } catch (SQLException e) {
            log.warn("cannot record the new stream {} in {}: {}", stream, file, e.toString());
        }
        streamId = stream;
        log.error("{}", faults.add("spill file " + spill + " cannot be read whole (" + bad.size() + " problems, first " + bad.get(0) + "): "
                + kept + "; new stream " + streamId + " so that no id of a window in it is used again"));
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
        faults.writeFailed(what, e.getMessage()).ifPresentOrElse(fault -> log.warn("outbox {}: {}", file, fault),
                () -> log.debug("outbox still cannot write: cannot {}: {}", what, e.getMessage()));
    }

    private void writeWorked() {
        if (faults.writeWorked()) {
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

    private static boolean corruption(SQLException e) {
        return OutboxQuarantine.corrupt(e);
    }

    private static boolean full(SQLException e) {
        return (e.getErrorCode() & 0xff) == 13;
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
}

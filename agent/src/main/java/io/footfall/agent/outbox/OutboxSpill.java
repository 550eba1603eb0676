package io.footfall.agent.outbox;

import com.fasterxml.jackson.jr.ob.JSON;
import io.footfall.agent.datadir.PrivateFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows the outbox could not store when the agent stopped, as JSON lines next to it
 * ({@code outbox.db.spill}), read back into the outbox at the next start. One line per window:
 * {@code {"seq":17,"id":"node-017/c41e9a/17","topic":"…","windowStart":…,"windowEnd":…,"payload":"<base64>"}};
 * the payload is kept byte for byte, so a window re-read from here is the same message with the same
 * id. The same line, prefixed {@value #JOURNAL_MARK}, is what goes to the journal when even this file
 * cannot be written.
 */
final class OutboxSpill {
    private static final Logger log = LoggerFactory.getLogger(OutboxSpill.class);

    /** Marks a spilled window in the log: {@code journalctl -o cat | sed -n 's/^.*footfall-spill //p'}. */
    static final String JOURNAL_MARK = "footfall-spill ";

    private OutboxSpill() {}

    static Path fileFor(Path outbox) {
        return outbox.resolveSibling(outbox.getFileName() + ".spill");
    }

    static String line(OutboxMessage m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("seq", m.seq());
        j.put("id", m.id());
        j.put("topic", m.topic());
        j.put("windowStart", m.windowStartMillis());
        j.put("windowEnd", m.windowEndMillis());
        j.put("payload", Base64.getEncoder().encodeToString(m.payload()));
        try {
            return JSON.std.asString(j);
        } catch (IOException e) {
            throw new OutboxException("cannot write spilled window " + m.id() + " as JSON", e);
        }
    }

    /**
     * At close: windows still held in memory go to the spill file next to {@code outbox}, or, if that
     * cannot be written either, to the log as JSON lines marked {@value #JOURNAL_MARK}.
     */
    static void save(Path outbox, Collection<OutboxMessage> held) {
        if (held.isEmpty()) {
            return;
        }
        Path spill = fileFor(outbox);
        List<OutboxMessage> windows = List.copyOf(held);
        String range = "seq " + windows.get(0).seq() + "-" + windows.get(windows.size() - 1).seq();
        try {
            write(spill, windows);
            log.warn("closing with {} windows the outbox could not store ({}): written to {}, read back at the next start",
                    windows.size(), range, spill);
        } catch (IOException | RuntimeException e) {
            log.error("closing with {} windows the outbox could not store ({}), and {} cannot be written either ({}): they follow as log lines"
                    + " marked '{}'; see docs/DELIVERY.md to put them back", windows.size(), range, spill, e.toString(), JOURNAL_MARK.trim());
            for (OutboxMessage m : windows) {
                log.error("{}{}", JOURNAL_MARK, line(m));
            }
        }
    }

    /**
     * What a spill file held: its readable windows in seq order, and what could not be read. A seq
     * more than {@code plausibleAhead} beyond the outbox's last seq counts as damage, like an
     * unreadable line (it would send seq towards overflow).
     */
    record Recovered(List<OutboxMessage> windows, List<String> bad) {
        Recovered {
            windows = windows.stream().sorted(Comparator.comparingLong(OutboxMessage::seq)).toList();
            bad = List.copyOf(bad);
        }

        /** The windows not stored yet: those after the outbox's last seq. */
        List<OutboxMessage> after(long lastSeq) {
            return windows.stream().filter(m -> m.seq() > lastSeq).toList();
        }
    }

    /** Reads the spill file next to {@code outbox}, if there is one; see {@link Recovered}. */
    static Optional<Recovered> recover(Path outbox, long lastSeq, long plausibleAhead) {
        Path spill = fileFor(outbox);
        if (!Files.exists(spill)) {
            return Optional.empty();
        }
        List<String> bad = new ArrayList<>();
        List<OutboxMessage> read;
        try {
            read = read(spill, bad);
        } catch (IOException e) {
            read = List.of();
            bad.add(e.toString());
        }
        long plausible = lastSeq + plausibleAhead;
        for (OutboxMessage m : read) {
            if (m.seq() > plausible) {
                bad.add("seq " + m.seq() + " far beyond the outbox's last seq " + lastSeq);
            }
        }
        return Optional.of(new Recovered(read.stream().filter(m -> m.seq() <= plausible).toList(), bad));
    }

    /**
     * Replaces {@code file} with these windows in one rename, synced to storage, owner-only; written
     * as root in the service user's directory, it is handed to that user, who must read it back.
     */
    static void write(Path file, Collection<OutboxMessage> messages) throws IOException {
        StringBuilder b = new StringBuilder();
        for (OutboxMessage m : messages) {
            b.append(line(m)).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel c = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                c.write(buf);
            }
            c.force(true);
            PrivateFiles.handToDirectoryOwner(tmp);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }

    /** A spilled window's line is under 2 KB (payloads are under 1 KB); longer ones are damage. */
    static final int MAX_LINE = 64 * 1024;

    /**
     * The windows in {@code file}, in file order; a line that cannot be read is skipped and named in
     * {@code bad}. Read line by line, a line longer than {@value #MAX_LINE} characters skipped without
     * being held, so a huge or damaged file cannot exhaust the agent's small heap at every start.
     * Never through a symbolic link (the agent makes none; as root it would read another file).
     */
    static List<OutboxMessage> read(Path file, List<String> bad) throws IOException {
        List<OutboxMessage> out = new ArrayList<>();
        int n = 0;
        try (Reader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            boolean tooLong = false;
            int c;
            do {
                c = in.read();
                if (c != '\n' && c != -1) {
                    if (line.length() < MAX_LINE) {
                        line.append((char) c);
                    } else {
                        tooLong = true;
                    }
                    continue;
                }
                if (c == -1 && line.length() == 0 && !tooLong) {
                    break;
                }
                n++;
                if (tooLong) {
                    bad.add("line " + n + ": longer than " + MAX_LINE + " characters");
                } else if (!line.toString().isBlank()) {
                    parse(line.toString(), n, out, bad);
                }
                line.setLength(0);
                tooLong = false;
            } while (c != -1);
        }
        return out;
    }

    private static void parse(String line, int n, List<OutboxMessage> out, List<String> bad) {
        try {
            Map<String, Object> j = JSON.std.mapFrom(line.startsWith(JOURNAL_MARK) ? line.substring(JOURNAL_MARK.length()) : line);
            out.add(new OutboxMessage(((Number) j.get("seq")).longValue(), (String) j.get("id"), (String) j.get("topic"),
                    Base64.getDecoder().decode((String) j.get("payload")), ((Number) j.get("windowStart")).longValue(),
                    ((Number) j.get("windowEnd")).longValue()));
        } catch (IOException | RuntimeException e) {
            bad.add("line " + n + ": " + e.getMessage());
        }
    }
}

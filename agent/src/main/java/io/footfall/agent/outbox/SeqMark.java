package io.footfall.agent.outbox;

import io.footfall.agent.datadir.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The highest seq ever stored in a stream, kept in {@code outbox.db.seq} ({@code <stream> <seq>})
 * outside SQLite, written (and synced) right after the commit and before the forwarder can read the
 * window, so every seq ever published is at most the mark; a crash between the two leaves the mark
 * behind, never ahead. The store's own {@code last_seq} lives in the write-ahead log until a
 * checkpoint: when the log is lost (deleted after a crash to free space, or cut short by a power cut
 * on a card that lies about syncing) it goes back, and the seqs after it, already published, would
 * be handed out again with other counts. Going on from the mark instead loses no id: the windows
 * lost with the log show as a gap.
 */
final class SeqMark {
    private static final Logger log = LoggerFactory.getLogger(SeqMark.class);

    private final Path file;

    /** The mark of the outbox {@code outbox}, next to it. */
    SeqMark(Path outbox) {
        this.file = outbox.resolveSibling(outbox.getFileName() + ".seq");
    }

    Path file() {
        return file;
    }

    /** The mark of {@code stream}; 0 when there is none, it is unreadable, or it is another stream's. */
    long read(String stream) {
        try {
            String[] mark = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip().split(" ");
            return mark.length == 2 && mark[0].equals(stream) ? Long.parseLong(mark[1]) : 0;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            log.warn("seq mark {} unreadable, ignored: {}", file, e.toString());
            return 0;
        }
    }

    /** Records {@code seq} of {@code stream} as stored, synced, before the window can be sent; best effort on a failing disk. */
    void write(String stream, long seq) {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                PrivateFiles.createFile(file);
            }
            byte[] line = String.format("%s %019d%n", stream, seq).getBytes(StandardCharsets.US_ASCII); // same length every time: one in-place write
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                c.write(ByteBuffer.wrap(line), 0);
                c.force(false);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("seq mark {} not written: {}", file, e.toString());
        }
    }
}

package io.footfall.hal.wifi.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Reads a capture process's stderr to its end so that the process never blocks on a full pipe,
 * logging the first lines of each process life with anything that looks like a MAC address
 * masked, and keeping the last few for classifying why it ended. Lines are cut at 300 characters.
 */
final class StderrDrain implements Runnable {
    private static final Pattern MAC = Pattern.compile("(?i)(?<![0-9a-f])[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\\1){4}[0-9a-f]{2}(?![0-9a-f])");
    private static final Pattern BARE_MAC = Pattern.compile("(?i)(?<![0-9a-f])[0-9a-f]{12}(?![0-9a-f])");
    private static final int MAX_LINE = 300;
    private static final int LOGGED_LINES = 20;
    private static final int KEPT_LINES = 8;

    private final InputStream in;
    private final Logger log;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private int lines;

    StderrDrain(InputStream in, Logger log) {
        this.in = in;
        this.log = log;
    }

    /** Masks anything that looks like a MAC address (with separators, or 12 bare hex digits). */
    static String scrub(String s) {
        return BARE_MAC.matcher(MAC.matcher(s).replaceAll("xx:xx:xx:xx:xx:xx")).replaceAll("xxxxxxxxxxxx");
    }

    @Override
    public void run() {
        byte[] buf = new byte[4096];
        StringBuilder line = new StringBuilder();
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = (char) (buf[i] & 0xff);
                    if (c == '\n') {
                        emit(line);
                        line.setLength(0);
                    } else if (line.length() < MAX_LINE && c != '\r') {
                        line.append(c >= 0x20 && c < 0x7f ? c : '?');
                    }
                }
            }
        } catch (IOException e) {
            // the process was killed: nothing more to read
        }
        if (line.length() > 0) {
            emit(line);
        }
        if (lines > LOGGED_LINES) {
            log.info("capture command: {} more stderr lines not logged", lines - LOGGED_LINES);
        }
    }

    private void emit(CharSequence raw) {
        String s = scrub(raw.toString().strip());
        if (s.isEmpty()) {
            return;
        }
        lines++;
        if (lines <= LOGGED_LINES) {
            log.info("capture command: {}", s);
        }
        synchronized (tail) {
            if (tail.size() == KEPT_LINES) {
                tail.removeFirst();
            }
            tail.addLast(s);
        }
    }

    /** The last lines, scrubbed, oldest first. */
    List<String> tail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }
}

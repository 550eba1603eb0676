package io.footfall.agent.beam;

import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamEdge;
import io.footfall.hal.beam.PassageSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The beam trace format (contract): CSV lines {@code t_ns,passage,beam,state}, {@code beam} being
 * {@code A} or {@code B}, {@code state} {@code 1} (broken) or {@code 0} (clear), {@code t_ns}
 * monotonic nanoseconds, never decreasing. An optional first line is that header; blank lines and
 * lines starting with {@code #} are skipped. The first line of each beam is its state when the
 * recording started. A trace names at most {@value #MAX_PASSAGES} passages (a node has a few doors;
 * GPIO has pins for at most 14 pairs of beams), a line is at most {@value #MAX_LINE} characters:
 * anything beyond is refused naming the line, before it can fill the heap.
 */
public final class BeamTrace {
    public static final String HEADER = "t_ns,passage,beam,state";
    public static final int MAX_PASSAGES = 64;
    public static final int MAX_LINE = 256;

    private BeamTrace() {}

    /** The trace line of one edge, without line end. */
    public static String line(BeamEdge e) {
        return e.tNanos() + "," + e.passage() + "," + e.beam() + "," + (e.broken() ? '1' : '0');
    }

    /** Writes the header, then one line per edge. */
    public static final class TraceWriter implements AutoCloseable {
        private final Writer out;

        public TraceWriter(Writer out) {
            this.out = out;
            write(HEADER);
        }

        public void edge(BeamEdge e) {
            write(line(e));
        }

        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void write(String line) {
            try {
                out.write(line);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Reads every edge of a trace into {@code sink}, in order.
     *
     * @param source how to name the trace in errors, e.g. its file name
     * @throws TraceException at the first line that is not a valid edge, or goes back in time
     */
    public static void read(BufferedReader in, String source, Consumer<BeamEdge> sink) throws IOException {
        long number = 0;
        long last = Long.MIN_VALUE;
        boolean first = true;
        Set<String> passages = new HashSet<>();
        for (String raw = readLine(in, source, number + 1); raw != null; raw = readLine(in, source, number + 1)) {
            number++;
            String text = raw.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (first && text.equals(HEADER)) {
                first = false;
                continue;
            }
            first = false;
            BeamEdge e = parse(text, source, number);
            if (e.tNanos() < last) {
                throw new TraceException(source, number, "t_ns " + e.tNanos() + " is before the previous line's " + last + " (out of order)");
            }
            last = e.tNanos();
            if (passages.size() == MAX_PASSAGES && !passages.contains(e.passage())) {
                throw new TraceException(source, number, "passage '" + e.passage() + "' would be passage " + (MAX_PASSAGES + 1)
                        + "; a trace holds at most " + MAX_PASSAGES + " distinct passages");
            }
            passages.add(e.passage());
            sink.accept(e);
        }
    }

    private static BeamEdge parse(String text, String source, long number) {
        String[] f = text.split(",", -1);
        if (f.length != 4) {
            throw new TraceException(source, number, "expected 4 fields t_ns,passage,beam,state, got " + f.length + ": '" + shorten(text) + "'");
        }
        long t;
        try {
            t = Long.parseLong(f[0].strip());
        } catch (NumberFormatException e) {
            throw new TraceException(source, number, "t_ns '" + shorten(f[0]) + "' is not a whole number of nanoseconds");
        }
        String passage = f[1].strip();
        if (passage.length() > 32) {
            throw new TraceException(source, number, "passage name '" + shorten(passage) + "' has " + passage.length()
                    + " characters; at most 32");
        }
        try {
            new PassageSpec(passage, 0, 1);
        } catch (IllegalArgumentException e) {
            throw new TraceException(source, number, e.getMessage());
        }
        Beam beam = switch (f[2].strip()) {
            case "A" -> Beam.A;
            case "B" -> Beam.B;
            default -> throw new TraceException(source, number, "beam '" + shorten(f[2]) + "' is not A or B");
        };
        boolean broken = switch (f[3].strip()) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new TraceException(source, number, "state '" + shorten(f[3]) + "' is not 1 (broken) or 0 (clear)");
        };
        return new BeamEdge(t, passage, beam, broken);
    }

    /** The next line without its end, null at the end of input; refuses a line over {@value #MAX_LINE} characters. */
    private static String readLine(BufferedReader in, String source, long number) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) {
                return b.isEmpty() ? null : b.toString();
            }
            if (c == '\n') {
                return b.toString();
            }
            if (b.length() == MAX_LINE) {
                throw new TraceException(source, number, "longer than " + MAX_LINE + " characters: '" + shorten(b.toString()) + "'");
            }
            b.append((char) c);
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}

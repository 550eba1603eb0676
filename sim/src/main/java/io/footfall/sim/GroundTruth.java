package io.footfall.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * What really happened in a simulation: every crossing and every probe sent. Kept in memory only
 * when asked for ({@code sim-truth=true}, for in-process tests; a long run would grow without bound),
 * and written as CSV when a file is given ({@code sim-truth-file}, for tests of the real jar):
 * {@code crossing,WALL_MS,PASSAGE,in|out} and {@code probe,WALL_MS,PHONE}. Probe lines never carry
 * the address. Thread-safe.
 */
public final class GroundTruth {
    /** @param tNanos monotonic time of the crossing's last edge, when a decoder can first know it */
    public record TrueCrossing(long tNanos, String passage, boolean in) {}

    /** @param phone which simulated phone sent it, whatever address it used */
    public record TrueProbe(long tNanos, long source, int phone) {}

    private final boolean keep;
    private final Optional<BufferedWriter> file;
    private final LongUnaryOperator wallMillisAt;
    private final List<TrueCrossing> crossings = new ArrayList<>();
    private final List<TrueProbe> probes = new ArrayList<>();

    /** Keeps everything in memory. */
    public GroundTruth() {
        this(true, Optional.empty(), t -> t / 1_000_000L);
    }

    GroundTruth(boolean keep, Optional<Path> file, LongUnaryOperator wallMillisAt) {
        this.keep = keep;
        this.wallMillisAt = wallMillisAt;
        try {
            this.file = file.isPresent()
                    ? Optional.of(Files.newBufferedWriter(file.get(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground truth to " + file.get(), e);
        }
    }

    public synchronized void crossing(TrueCrossing c) {
        if (keep) {
            crossings.add(c);
        }
        write("crossing," + wallMillisAt.applyAsLong(c.tNanos()) + "," + c.passage() + "," + (c.in() ? "in" : "out"));
    }

    public synchronized void probe(TrueProbe p) {
        if (keep) {
            probes.add(p);
        }
        write("probe," + wallMillisAt.applyAsLong(p.tNanos()) + "," + p.phone());
    }

    private void write(String line) {
        file.ifPresent(w -> {
            try {
                w.write(line);
                w.newLine();
                w.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public synchronized List<TrueCrossing> crossings() {
        return List.copyOf(crossings);
    }

    public synchronized List<TrueProbe> probes() {
        return List.copyOf(probes);
    }
}

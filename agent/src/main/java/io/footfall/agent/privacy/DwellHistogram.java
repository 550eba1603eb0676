package io.footfall.agent.privacy;

/**
 * How long devices stayed within one window, first to last heard, as counts per bin. A device heard
 * once stayed zero minutes. Dwell is clipped to the window: a device heard before it opened counts
 * from the first frame within it.
 */
public record DwellHistogram(int under1Min, int from1To5Min, int from5To15Min, int atLeast15Min) {
    public static final DwellHistogram EMPTY = new DwellHistogram(0, 0, 0, 0);
    private static final long MINUTE = 60_000_000_000L;

    public DwellHistogram {
        if (under1Min < 0 || from1To5Min < 0 || from5To15Min < 0 || atLeast15Min < 0) {
            throw new IllegalArgumentException("dwell counts cannot be negative");
        }
    }

    /** The bin (0..3) of a stay of {@code nanos}. */
    static int bin(long nanos) {
        return nanos < MINUTE ? 0 : nanos < 5 * MINUTE ? 1 : nanos < 15 * MINUTE ? 2 : 3;
    }

    static DwellHistogram of(int[] bins) {
        return new DwellHistogram(bins[0], bins[1], bins[2], bins[3]);
    }

    int[] toArray() {
        return new int[] {under1Min, from1To5Min, from5To15Min, atLeast15Min};
    }

    public int total() {
        return under1Min + from1To5Min + from5To15Min + atLeast15Min;
    }
}

package io.footfall.agent.beam;

/** One stable break of one beam, from the time it broke to the time it cleared. */
record Occlusion(long start, long end) {
    Occlusion {
        if (end < start) {
            throw new IllegalArgumentException("occlusion ends before it starts");
        }
    }

    long length() {
        return end - start;
    }

    long overlap(Occlusion o) {
        return Math.max(0, Math.min(end, o.end) - Math.max(start, o.start));
    }

    /** Time between the two when they do not overlap; 0 when they do. */
    long gap(Occlusion o) {
        return Math.max(0, Math.max(start, o.start) - Math.min(end, o.end));
    }
}

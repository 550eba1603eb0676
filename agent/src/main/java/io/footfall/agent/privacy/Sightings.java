package io.footfall.agent.privacy;

import java.util.Arrays;

/**
 * Every keyed address heard in one window, with when it was first and last heard, its sequence
 * numbers then, and its keyed IE fingerprint. Primitive arrays only (no boxing, nothing the window
 * cannot overwrite); {@link #clear()} zeroes every one of them.
 */
final class Sightings {
    private static final int EMPTY = -1;

    /** Open-addressing index from keyed address to sighting; {@link #EMPTY} marks a free slot. */
    private long[] keys = new long[512];
    private int[] slots = filled(512);
    private int size;

    long[] first = new long[256];
    long[] last = new long[256];
    int[] firstSeq = new int[256];
    int[] lastSeq = new int[256];
    long[] fingerprint = new long[256];
    boolean[] local = new boolean[256];
    /** Bursts heard from the address: frames more than {@value #BURST_GAP_NANOS} ns apart start a new one. */
    int[] bursts = new int[256];
    /**
     * Another keyed IE fingerprint the address was heard with (the first that differs from
     * {@link #fingerprint}), or 0: one address, so both fingerprints are one phone's.
     */
    long[] bridge = new long[256];

    static final long BURST_GAP_NANOS = 500_000_000L;

    int size() {
        return size;
    }

    /** The sighting of {@code key}, or -1 when it was not heard yet. */
    int indexOf(long key) {
        int mask = keys.length - 1;
        for (int i = (int) mix(key) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == EMPTY) {
                return -1;
            }
            if (keys[i] == key) {
                return s;
            }
        }
    }

    /** Records the first sighting of {@code key}, which must not be held yet. */
    void add(long key, boolean isLocal, long tNanos, int seq, long keyedFingerprint) {
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        if (size == first.length) {
            int n = size * 2;
            first = grow(first, n);
            last = grow(last, n);
            firstSeq = grow(firstSeq, n);
            lastSeq = grow(lastSeq, n);
            fingerprint = grow(fingerprint, n);
            bursts = grow(bursts, n);
            bridge = grow(bridge, n);
            local = Arrays.copyOf(local, n);
        }
        int mask = keys.length - 1;
        int i = (int) mix(key) & mask;
        while (slots[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        slots[i] = size;
        first[size] = tNanos;
        last[size] = tNanos;
        firstSeq[size] = seq;
        lastSeq[size] = seq;
        fingerprint[size] = keyedFingerprint;
        local[size] = isLocal;
        bursts[size] = 1;
        bridge[size] = 0;
        size++;
    }

    /**
     * Another frame from an address already held, with its keyed IE fingerprint (0 when it has none).
     * Frames may come slightly out of order.
     */
    void update(int s, long tNanos, int seq, long keyedFingerprint) {
        if (keyedFingerprint != 0 && keyedFingerprint != fingerprint[s] && bridge[s] == 0) {
            bridge[s] = keyedFingerprint;
        }
        if (tNanos - last[s] > BURST_GAP_NANOS) {
            bursts[s]++;
        }
        if (tNanos < first[s]) {
            first[s] = tNanos;
            firstSeq[s] = seq;
        } else if (tNanos >= last[s]) {
            last[s] = tNanos;
            lastSeq[s] = seq;
        }
    }

    int countLocal() {
        int n = 0;
        for (int s = 0; s < size; s++) {
            n += local[s] ? 1 : 0;
        }
        return n;
    }

    /** Forgets everything, overwriting every array in place. */
    void clear() {
        Arrays.fill(keys, 0L);
        Arrays.fill(slots, EMPTY);
        Arrays.fill(first, 0L);
        Arrays.fill(last, 0L);
        Arrays.fill(firstSeq, 0);
        Arrays.fill(lastSeq, 0);
        Arrays.fill(fingerprint, 0L);
        Arrays.fill(local, false);
        Arrays.fill(bursts, 0);
        Arrays.fill(bridge, 0L);
        size = 0;
    }

    /** Whether every slot of every array holds zero (no sighting, no keyed value): true after {@link #clear()}. */
    boolean wiped() {
        return size == 0 && zero(keys) && zero(fingerprint) && zero(bridge) && zero(first) && zero(last)
                && Arrays.stream(firstSeq).allMatch(v -> v == 0) && Arrays.stream(lastSeq).allMatch(v -> v == 0)
                && Arrays.stream(bursts).allMatch(v -> v == 0) && Arrays.stream(slots).allMatch(v -> v == EMPTY);
    }

    private static boolean zero(long[] a) {
        return Arrays.stream(a).allMatch(v -> v == 0);
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new long[capacity];
        slots = filled(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldSlots[j] != EMPTY) {
                int i = (int) mix(oldKeys[j]) & mask;
                while (slots[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                slots[i] = oldSlots[j];
            }
        }
        Arrays.fill(oldKeys, 0L);
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, EMPTY);
        return a;
    }

    /** A larger copy; the old array is overwritten so that no stale copy lingers until collected. */
    private static long[] grow(long[] a, int n) {
        long[] copy = Arrays.copyOf(a, n);
        Arrays.fill(a, 0L);
        return copy;
    }

    private static int[] grow(int[] a, int n) {
        int[] copy = Arrays.copyOf(a, n);
        Arrays.fill(a, 0);
        return copy;
    }

    /** Keys are already pseudorandom; this only spreads them over the table. */
    private static long mix(long v) {
        v ^= v >>> 33;
        v *= 0xff51afd7ed558ccdL;
        v ^= v >>> 33;
        return v;
    }
}

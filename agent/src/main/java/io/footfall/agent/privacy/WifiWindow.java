package io.footfall.agent.privacy;

import io.footfall.hal.wifi.ProbeRequest;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Counts distinct devices within one window. Each address is hashed with SipHash under a salt drawn
 * for this window alone; only the hashes are kept, in primitive sets. {@link #close()} clears the
 * sets and zeroes the salt, after which nothing links a device to any other window.
 */
public final class WifiWindow implements AutoCloseable {
    private final byte[] salt = new byte[16];
    private long k0;
    private long k1;
    private final int rssiFloor;
    private final int k;
    private final LongSet universal = new LongSet();
    private final LongSet randomized = new LongSet();
    private boolean closed;

    /**
     * @param rssiFloor probes weaker than this (dBm) are ignored; {@link Integer#MIN_VALUE} for no floor
     * @param k minimum device count below which the figures are suppressed
     */
    public WifiWindow(SecureRandom random, int rssiFloor, int k) {
        random.nextBytes(salt);
        ByteBuffer b = ByteBuffer.wrap(salt);
        k0 = b.getLong();
        k1 = b.getLong();
        this.rssiFloor = rssiFloor;
        this.k = k;
    }

    public void add(ProbeRequest probe) {
        if (closed) {
            throw new IllegalStateException("window already closed");
        }
        if (rssiFloor != Integer.MIN_VALUE && (!probe.hasRssi() || probe.rssiDbm() < rssiFloor)) {
            return;
        }
        long h = SipHash.hash48(k0, k1, probe.source());
        (probe.locallyAdministered() ? randomized : universal).add(h);
    }

    /** The counts so far; the window stays open. */
    public WifiCounts counts() {
        int u = universal.size();
        int r = randomized.size();
        int devices = u + r;
        if (devices < k) {
            return new WifiCounts(0, 0, 0, 0, true, k);
        }
        return new WifiCounts(devices, u, r, devices, false, k);
    }

    /** Clears the hashes and zeroes the salt. Idempotent. */
    @Override
    public void close() {
        closed = true;
        universal.clear();
        randomized.clear();
        Arrays.fill(salt, (byte) 0);
        k0 = 0;
        k1 = 0;
    }

    /** Whether every byte of the salt is zero: true after {@link #close()}. For tests and audits. */
    public boolean saltZeroed() {
        for (byte s : salt) {
            if (s != 0) {
                return false;
            }
        }
        return k0 == 0 && k1 == 0;
    }
}

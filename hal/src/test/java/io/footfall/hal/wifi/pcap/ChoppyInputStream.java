package io.footfall.hal.wifi.pcap;

import java.io.InputStream;
import java.util.Random;

/** Hands out bytes in random small pieces, as a pipe from a capture process does. */
final class ChoppyInputStream extends InputStream {
    private final byte[] data;
    private final Random rnd;
    private int pos;

    ChoppyInputStream(byte[] data, long seed) {
        this.data = data;
        this.rnd = new Random(seed);
    }

    @Override
    public int read() {
        return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos >= data.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, data.length - pos), 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 4096 : 64));
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }
}

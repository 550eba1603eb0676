package io.footfall.hal.wifi.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rewrites a little-endian microsecond pcap as pcapng in either byte order, alternating enhanced
 * and simple packet blocks, with nanosecond if_tsresol and unknown blocks in between. For tests
 * only; tshark reads the result as the referee.
 */
final class PcapngTestWriter {
    private PcapngTestWriter() {}

    static void convert(Path pcap, Path out, ByteOrder order, boolean simpleBlocks) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        int linkType = in.getInt(20);
        ByteArrayOutputStream os = new ByteArrayOutputStream();
        // section header
        block(os, order, 0x0A0D0D0A, b -> b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L));
        // interface: link type, snaplen 0 (none), if_tsresol = 9, end of options
        block(os, order, 1, b -> b.putShort((short) linkType).putShort((short) 0).putInt(0)
                .putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]).putInt(0));
        // a custom block we do not know
        block(os, order, 0xBAD, b -> b.putInt(0x00112233).put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        int p = 24;
        int i = 0;
        while (p + 16 <= in.limit()) {
            long sec = in.getInt(p) & 0xffffffffL;
            long usec = in.getInt(p + 4) & 0xffffffffL;
            int incl = in.getInt(p + 8);
            int orig = in.getInt(p + 12);
            if (p + 16 + incl > in.limit()) {
                break;
            }
            byte[] data = new byte[incl];
            in.get(p + 16, data);
            long ts = sec * 1_000_000_000L + usec * 1000L;
            if (simpleBlocks && i % 2 == 1) {
                block(os, order, 3, b -> b.putInt(orig).put(data).put(new byte[(4 - incl % 4) % 4]));
            } else {
                block(os, order, 6, b -> b.putInt(0).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(incl).putInt(orig)
                        .put(data).put(new byte[(4 - incl % 4) % 4]));
            }
            p += 16 + incl;
            i++;
        }
        Files.write(out, os.toByteArray());
    }

    interface Body {
        void fill(ByteBuffer b);
    }

    private static void block(ByteArrayOutputStream os, ByteOrder order, int type, Body body) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(PcapReader.MAX_RECORD + 4096).order(order);
        b.putInt(type).putInt(0);
        body.fill(b);
        int len = b.position() + 4;
        b.putInt(len);
        b.putInt(4, len);
        os.write(b.array(), 0, len);
    }
}

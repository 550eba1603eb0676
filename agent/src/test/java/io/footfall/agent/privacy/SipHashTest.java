package io.footfall.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SipHashTest {
    /** Key 00 01 .. 0f, as in the reference vectors. */
    private static final long K0 = 0x0706050403020100L;
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    private static List<String> vectors() throws IOException {
        try (var in = SipHashTest.class.getResourceAsStream("siphash24-vectors.txt");
                var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            return r.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).collect(Collectors.toList());
        }
    }

    private static long littleEndian(String hex) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void hash_matches_all_64_reference_vectors_of_the_authors() throws IOException {
        List<String> v = vectors();
        assertEquals(64, v.size());
        for (int len = 0; len < 64; len++) {
            byte[] msg = new byte[len];
            for (int i = 0; i < len; i++) {
                msg[i] = (byte) i;
            }
            assertEquals(littleEndian(v.get(len)), SipHash.hash(K0, K1, msg), "vector for length " + len);
        }
    }

    @Test
    void hash48_equals_hash_over_the_six_octets_in_transmission_order() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            long k0 = random.nextLong();
            long k1 = random.nextLong();
            long address = random.nextLong() & 0xFFFF_FFFF_FFFFL;
            byte[] octets = new byte[6];
            for (int j = 0; j < 6; j++) {
                octets[j] = (byte) (address >>> (40 - 8 * j));
            }
            assertEquals(SipHash.hash(k0, k1, octets), SipHash.hash48(k0, k1, address));
        }
    }

    @Test
    void hash48_of_the_reference_six_byte_message_is_the_reference_vector() throws IOException {
        // octets 00 01 02 03 04 05 in transmission order are the address 00:01:02:03:04:05
        assertEquals(littleEndian(vectors().get(6)), SipHash.hash48(K0, K1, 0x0000_0102_0304_05L));
    }

    @Test
    void hash64_equals_hash_over_the_eight_bytes_little_endian() throws IOException {
        assertEquals(littleEndian(vectors().get(8)), SipHash.hash64(K0, K1, 0x0706050403020100L));
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 1000; i++) {
            long v = random.nextLong();
            byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
            assertEquals(SipHash.hash(1, 2, b), SipHash.hash64(1, 2, v));
        }
    }
}

package io.footfall.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressLeakScannerTest {
    private static final long ADDRESS = 0xA4_5E_60_1B_2C_3DL;
    private final AddressLeakScanner scanner = new AddressLeakScanner(Set.of(ADDRESS, 0x02_11_22_33_44_55L));

    @Test
    void finds_the_address_in_every_text_notation_and_case() {
        String[] spellings = {"a4:5e:60:1b:2c:3d", "A4:5E:60:1B:2C:3D", "a4-5e-60-1b-2c-3d", "A4-5E-60-1B-2C-3D",
            "a45e.601b.2c3d", "A45E.601B.2C3D", "a45e601b2c3d", "A45E601B2C3D", "0xa45e601b2c3d", Long.toString(ADDRESS)};
        for (String s : spellings) {
            String text = "{\"note\":\"device " + s + " seen\"}";
            assertEquals(1, scanner.scan("payload", text).size(), "text spelling number " + List.of(spellings).indexOf(s));
            assertEquals(1, countIn(scanner.scan("file", text.getBytes(StandardCharsets.UTF_8))), "bytes, same spelling");
            assertFalse(scanner.scan("file", text.getBytes(StandardCharsets.UTF_16LE)).isEmpty(), "UTF-16LE");
            assertFalse(scanner.scan("file", ("x" + text).getBytes(StandardCharsets.UTF_16BE)).isEmpty(), "UTF-16BE");
        }
    }

    private static long countIn(List<AddressLeakScanner.Finding> findings) {
        return findings.stream().filter(f -> f.where().equals("file")).count();
    }

    @Test
    void finds_the_raw_octets_in_both_byte_orders() {
        byte[] forward = {9, 9, (byte) 0xA4, 0x5E, 0x60, 0x1B, 0x2C, 0x3D, 9};
        byte[] reversed = {0x3D, 0x2C, 0x1B, 0x60, 0x5E, (byte) 0xA4};
        assertEquals("raw octets", scanner.scan("db", forward).get(0).notation());
        assertEquals(2, scanner.scan("db", forward).get(0).offset());
        assertEquals("raw octets reversed", scanner.scan("db", reversed).get(0).notation());
    }

    @Test
    void finds_nothing_in_text_and_bytes_that_hold_no_address() {
        SplittableRandom random = new SplittableRandom(3);
        byte[] noise = new byte[200_000];
        random.nextBytes(noise);
        assertTrue(scanner.scan("noise", noise).isEmpty());
        assertTrue(scanner.scan("near miss", "a4:5e:60:1b:2c:3e a4:5e:60:1b:2c a45e601b2c3e a4 5e 60 1b 2c 3d").isEmpty());
    }

    @Test
    void scans_every_file_of_a_directory_tree(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/log.txt"), "ok\nprobe from 02-11-22-33-44-55\n");
        Files.writeString(dir.resolve("clean.txt"), "nothing here");
        List<AddressLeakScanner.Finding> f = scanner.scanDirectory(dir);
        assertEquals(1, f.size());
        assertEquals(Path.of("a/b/log.txt").toString(), f.get(0).where());
    }

    @Test
    void a_finding_never_spells_the_address() {
        AddressLeakScanner.Finding f = scanner.scan("log", "a4:5e:60:1b:2c:3d").get(0);
        AddressLeakScanner clean = new AddressLeakScanner(Set.of(ADDRESS));
        assertTrue(clean.scan("report", f.toString()).isEmpty());
    }
}

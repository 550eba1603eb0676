package io.footfall.agent.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Searches bytes, text and directories for a set of 48-bit device addresses in every notation we can
 * think of, so that tests can prove that none leaked into payloads, logs or the data directory:
 * {@code aa:bb:cc:dd:ee:ff}, {@code aa-bb-cc-dd-ee-ff}, {@code aabb.ccdd.eeff}, bare hex
 * {@code aabbccddeeff}, each in either case; the decimal value of the 48-bit number; and the raw six
 * octets in transmission order and reversed. Text is searched as Latin-1 (so also UTF-8, as the
 * notations are ASCII) and as UTF-16 in both byte orders.
 *
 * <p>A {@link Finding} says where and in which notation, never which address, so that a failing test
 * does not itself print one.
 */
public final class AddressLeakScanner {
    /** One address found: in {@code where} at byte or character {@code offset}, written as {@code notation}. */
    public record Finding(String where, String notation, long offset) {
        @Override
        public String toString() {
            return where + " @" + offset + " (" + notation + ")";
        }
    }

    private final Set<Long> addresses = new HashSet<>();
    /** Decimal spellings, grouped by length so that each length is one sliding window. */
    private final Map<Integer, Set<String>> decimals = new HashMap<>();

    public AddressLeakScanner(Collection<Long> addresses) {
        for (long a : addresses) {
            if ((a >>> 48) != 0) {
                throw new IllegalArgumentException("an address is wider than 48 bits");
            }
            this.addresses.add(a);
            String d = Long.toString(a);
            decimals.computeIfAbsent(d.length(), n -> new HashSet<>()).add(d);
        }
    }

    /** Every finding in {@code text}. */
    public List<Finding> scan(String where, String text) {
        List<Finding> out = new ArrayList<>();
        scanText(where, text.toLowerCase(Locale.ROOT), out);
        return out;
    }

    /** Every finding in {@code bytes}: raw octets, and text in Latin-1/UTF-8 and both UTF-16 orders. */
    public List<Finding> scan(String where, byte[] bytes) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i + 6 <= bytes.length; i++) {
            long forward = 0;
            long reversed = 0;
            for (int j = 0; j < 6; j++) {
                forward = (forward << 8) | (bytes[i + j] & 0xFFL);
                reversed = (reversed << 8) | (bytes[i + 5 - j] & 0xFFL);
            }
            if (addresses.contains(forward)) {
                out.add(new Finding(where, "raw octets", i));
            }
            if (addresses.contains(reversed)) {
                out.add(new Finding(where, "raw octets reversed", i));
            }
        }
        scanText(where, new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT), out);
        for (int shift = 0; shift < 2 && bytes.length > shift; shift++) {
            byte[] b = java.util.Arrays.copyOfRange(bytes, shift, bytes.length);
            scanText(where + " (UTF-16LE+" + shift + ")", new String(b, StandardCharsets.UTF_16LE).toLowerCase(Locale.ROOT), out);
            scanText(where + " (UTF-16BE+" + shift + ")", new String(b, StandardCharsets.UTF_16BE).toLowerCase(Locale.ROOT), out);
        }
        return out;
    }

    /** Every finding in every regular file under {@code dir}, named by its path relative to it. */
    public List<Finding> scanDirectory(Path dir) {
        List<Finding> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.addAll(scan(dir.relativize(f).toString(), Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + dir, e);
        }
        return out;
    }

    private void scanText(String where, String s, List<Finding> out) {
        for (int i = 0; i < s.length(); i++) {
            probe(where, s, i, 17, ':', 3, "aa:bb:cc:dd:ee:ff", out);
            probe(where, s, i, 17, '-', 3, "aa-bb-cc-dd-ee-ff", out);
            probe(where, s, i, 14, '.', 5, "aabb.ccdd.eeff", out);
            probe(where, s, i, 12, (char) 0, 0, "bare hex", out);
        }
        for (Map.Entry<Integer, Set<String>> e : decimals.entrySet()) {
            int n = e.getKey();
            for (int i = 0; i + n <= s.length(); i++) {
                if (Character.isDigit(s.charAt(i)) && e.getValue().contains(s.substring(i, i + n))) {
                    out.add(new Finding(where, "decimal", i));
                }
            }
        }
    }

    /**
     * Parses {@code len} characters at {@code i} as twelve hex digits with {@code sep} after every
     * {@code every}-th character (0: no separator), and records a finding when they spell an address.
     */
    private void probe(String where, String s, int i, int len, char sep, int every, String notation, List<Finding> out) {
        if (i + len > s.length()) {
            return;
        }
        long v = 0;
        for (int j = 0; j < len; j++) {
            char c = s.charAt(i + j);
            if (every > 0 && (j + 1) % every == 0) {
                if (c != sep) {
                    return;
                }
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0 || c > 'f') {
                return;
            }
            v = (v << 4) | d;
        }
        if (addresses.contains(v)) {
            out.add(new Finding(where, notation, i));
        }
    }
}

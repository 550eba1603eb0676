package io.footfall.hal.wifi.pcap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** tshark and editcap as independent referees; tests are skipped where they are not installed. */
final class Tshark {
    /** What the referee pipeline says: probe requests and the distinct non-empty source addresses. */
    record Verdict(long probes, long devices, long locallyAdministered, long timestampSum, long withoutAddress) {}

    private Tshark() {}

    static void assumeInstalled(String tool) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin", tool)), tool + " is not installed (scripts/test installs it)");
    }

    /** {@code tshark -r F -Y wlan.fc.type_subtype==4 -T fields -e wlan.sa}, optionally with an RSSI floor. */
    static Verdict probes(Path file, String extraFilter) throws IOException, InterruptedException {
        assumeInstalled("tshark");
        String filter = "wlan.fc.type_subtype==4" + (extraFilter.isEmpty() ? "" : " && " + extraFilter);
        List<String> lines = run(List.of("tshark", "-r", file.toString(), "-Y", filter, "-T", "fields",
                "-e", "wlan.sa", "-e", "frame.time_epoch"));
        java.util.Set<String> distinct = new java.util.HashSet<>();
        long la = 0;
        long tsSum = 0;
        long withoutAddress = 0;
        for (String l : lines) {
            String[] f = l.split("\t", -1);
            String a = f[0].trim();
            if (a.isEmpty()) {
                withoutAddress++;
            }
            if (!a.isEmpty() && distinct.add(a) && (Integer.parseInt(a.substring(0, 2), 16) & 0x02) != 0) {
                la++;
            }
            if (!a.isEmpty() && f.length > 1 && !f[1].isBlank()) { // simple packet blocks have no time
                tsSum += new java.math.BigDecimal(f[1].trim()).movePointRight(9).longValueExact();
            }
        }
        return new Verdict(lines.size(), distinct.size(), la, tsSum, withoutAddress);
    }

    /** Converts with editcap, e.g. {@code -F pcapng} or {@code -F nseclibpcap}. */
    static Path editcap(Path in, Path out, String... options) throws IOException, InterruptedException {
        assumeInstalled("editcap");
        List<String> cmd = new ArrayList<>(List.of("editcap"));
        cmd.addAll(List.of(options));
        cmd.add(in.toString());
        cmd.add(out.toString());
        run(cmd);
        return out;
    }

    static List<String> run(List<String> cmd) throws IOException, InterruptedException {
        Path err = Files.createTempFile("tshark", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " did not finish");
        }
        String errText = Files.readString(err);
        Files.deleteIfExists(err);
        if (p.exitValue() != 0 && !errText.contains("cut short") && !errText.contains("appears to have been cut short")) {
            throw new IOException(cmd.get(0) + " failed: " + p.exitValue() + " " + errText);
        }
        String s = new String(out, StandardCharsets.US_ASCII);
        List<String> lines = new ArrayList<>();
        for (String l : s.split("\n", -1)) {
            lines.add(l);
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}

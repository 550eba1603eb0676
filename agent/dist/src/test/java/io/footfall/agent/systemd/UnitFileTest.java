package io.footfall.agent.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped unit, read as systemd reads it: its {@code Environment=} lines split into
 * assignments by systemd's quoting rules, and, where systemd's own tools are installed (Debian:
 * package {@code systemd}), {@code systemd-analyze verify} clean and {@code security} at most 2.5.
 */
class UnitFileTest {
    private static final Path UNIT = Path.of("..", "..", "systemd", "footfall.service");
    private static final Path PROVISION = Path.of("..", "..", "systemd", "footfall-provision.service");
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @Test
    void theJvmGetsEveryOptionOfJavaOpts() throws IOException {
        Map<String, String> env = environment(Files.readAllLines(UNIT));
        assertEquals("-Xmx48m -Xss256k -XX:+UseSerialGC -XX:MaxMetaspaceSize=48m -XX:TieredStopAtLevel=1",
                env.get("JAVA_OPTS"));
    }

    @Test
    void anUnquotedAssignmentWithSpacesIsSplitAsSystemdSplitsIt() {
        Map<String, String> env = environment(List.of("Environment=JAVA_OPTS=-Xmx48m -Xss256k"));
        assertEquals("-Xmx48m", env.get("JAVA_OPTS"));
        assertEquals(1, env.size(), "-Xss256k is not an assignment and is dropped: " + env);
    }

    @Test
    void theServiceTellsSystemdWhenItIsReadyAndAlive() throws IOException {
        Map<String, String> service = section(Files.readAllLines(UNIT), "Service");
        assertEquals("notify", service.get("Type"));
        assertTrue(service.containsKey("WatchdogSec"), "WatchdogSec");
        assertEquals("0027", service.get("UMask"));
        assertTrue(service.containsKey("MemoryMax"), "MemoryMax");
    }

    @Test
    void systemdAnalyzeVerifiesBothUnitsWithoutAWarning() throws Exception {
        assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/java")), "verify needs ExecStart's /usr/bin/java");
        // verify also checks that ExecStart's program exists: the provisioning script is not
        // installed here, so its copy points at the script in the source tree. Both units go to
        // one directory, because verify loads a unit's dependencies from the unit's own directory.
        Path dir = Files.createTempDirectory("units");
        Path provision = dir.resolve(PROVISION.getFileName());
        Files.writeString(provision, Files.readString(PROVISION).replace("/usr/lib/footfall/provision",
                Path.of("src", "deb", "lib", "provision").toAbsolutePath().toString()));
        Path unit = Files.copy(UNIT, dir.resolve(UNIT.getFileName()));
        Result r = run(ANALYZE.toString(), "verify", unit.toString(), provision.toString());
        assertEquals(0, r.code(), r.output());
        assertEquals("", r.output().strip(), "systemd-analyze verify complained");
    }

    @Test
    void theAgentsExposureIsAtMostTwoAndAHalf() throws Exception {
        assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
        Result r = run(ANALYZE.toString(), "security", "--offline=yes", "--threshold=25", "--no-pager", UNIT.toString());
        assertEquals(0, r.code(), r.output());
    }

    private record Result(int code, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "systemd-analyze did not finish");
        return new Result(p.exitValue(), out);
    }

    /** The keys of one section; a repeated key keeps its last value. */
    private static Map<String, String> section(List<String> lines, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = "";
        for (String line : lines) {
            String l = line.strip();
            if (l.startsWith("[")) {
                current = l.substring(1, l.length() - 1);
            } else if (current.equals(name) && !l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                out.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        return out;
    }

    /**
     * Every {@code Environment=} line's assignments, per systemd.exec(5): the value is split into
     * words at whitespace outside double or single quotes; a word without {@code =} is dropped.
     */
    static Map<String, String> environment(List<String> lines) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.startsWith("Environment=")) {
                continue;
            }
            for (String word : words(line.substring("Environment=".length()))) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    env.put(word.substring(0, eq), word.substring(eq + 1));
                }
            }
        }
        return env;
    }

    private static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && i + 1 < value.length()) {
                    w.append(value.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}

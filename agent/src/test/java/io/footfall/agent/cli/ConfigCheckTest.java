package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code config check} refuses exactly what {@code run} refuses, with the same exit code and key. */
class ConfigCheckTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(List<String> args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = Footfall.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a simulator setting the provider refuses | sim | sim-profile=bogus           | sim-profile        | leeds or flat",
            "a GPIO wiring setting                    | pi  | gpio-pull=sideways          | gpio-pull          | up",
            "a CA file that holds no certificate      | sim | mqtt-ca-file=GARBAGE        | mqtt-ca-file       | X.509 certificate",
            "a key file that holds no key             | sim | mqtt-key-file=GARBAGE       | mqtt-key-file      | PKCS#8",
            "a misspelt password key                  | sim | mqtt-passwrd-file=/dev/null | mqtt-passwrd-file  | did you mean 'mqtt-password-file'?",
            "a mistyped key of a known family         | sim | outbox-xyz=1                | outbox-xyz         | outbox-max-age",
            "a port beyond 65535                      | sim | broker=tcp://127.0.0.1:99999 | broker            | 65535"})
    void config_check_refuses_what_run_refuses_naming_the_key(String what, String hal, String setting, String key, String hint)
            throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "this is not a certificate\n");
        List<String> common = new ArrayList<>(List.of("--config", "/dev/null", "--hal", hal, "--site", "s1", "--node", "n1",
                "--data-dir", dir.resolve("data").toString(), "--wifi", "off", "--set", setting.replace("GARBAGE", garbage.toString())));
        if (setting.startsWith("mqtt-ca-file") || setting.startsWith("mqtt-key-file")) {
            common.addAll(List.of("--broker", "mqtts://127.0.0.1:1"));
        }
        if (setting.startsWith("mqtt-key-file")) {
            common.addAll(List.of("--set", "mqtt-cert-file=" + certificate()));
        }
        for (String command : List.of("config check", "run")) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.addAll(common);
            assertEquals(Footfall.EXIT_CONFIG, run(args), command + " on " + what + ":\n" + out + err);
            assertTrue(err.toString().contains("'" + key + "'") && err.toString().contains(hint), command + ": " + err);
        }
    }

    /** A real PEM certificate, so that only the key file is wrong. */
    private Path certificate() throws Exception {
        return io.footfall.agent.testing.TestPki.create(dir.resolve("pki")).cert("client");
    }
}

package io.footfall.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with the openssl command line: a CA, a server certificate for 127.0.0.1 and
 * localhost, one for another host name (signed by the same CA), and a client certificate. Keys are
 * EC P-256 in PKCS#8 PEM ({@code BEGIN PRIVATE KEY}).
 */
public final class TestPki {
    public final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    public static TestPki create(Path dir) {
        TestPki p = new TestPki(dir);
        p.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=footfall test CA");
        p.leaf("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth");
        p.leaf("wrong", "/CN=broker.elsewhere.example", "subjectAltName=DNS:broker.elsewhere.example\nextendedKeyUsage=serverAuth");
        p.leaf("client", "/CN=node-017", "extendedKeyUsage=clientAuth");
        return p;
    }

    public Path ca() {
        return dir.resolve("ca.crt");
    }

    public Path cert(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    /** Mosquitto config lines for a TLS listener on {@code port} presenting {@code serverName}'s certificate. */
    public List<String> listener(int port, String serverName, boolean requireClientCert) {
        List<String> lines = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "cafile " + ca(),
                "certfile " + cert(serverName),
                "keyfile " + key(serverName)));
        if (requireClientCert) {
            lines.add("require_certificate true");
        }
        return lines;
    }

    private void leaf(String name, String subject, String extensions) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    private void run(String... cmd) {
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

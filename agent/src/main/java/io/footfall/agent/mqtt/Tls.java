package io.footfall.agent.mqtt;

import io.footfall.hal.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory from PEM files: the CA certificates to trust (pinning the broker to
 * the city's CA instead of every CA the JVM knows) and optionally a client certificate with its
 * PKCS#8 key. Host-name verification is not done here: the transport turns it on in Paho.
 */
public final class Tls {
    private Tls() {}

    public static SSLSocketFactory socketFactory(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
        try {
            TrustManagerFactory tmf = null;
            if (caFile.isPresent()) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(caFile.get())) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new MqttTransportException("no certificate in CA file " + caFile.get());
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (certFile.isPresent() && keyFile.isPresent()) {
                List<Certificate> chain = new ArrayList<>(certificates(certFile.get()));
                if (chain.isEmpty()) {
                    throw new MqttTransportException("no certificate in client certificate file " + certFile.get());
                }
                PrivateKey key = privateKey(keyFile.get());
                char[] pass = new char[0];
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                ks.setKeyEntry("client", key, pass, chain.toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pass);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new MqttTransportException("cannot set up TLS from the configured PEM files", e);
        }
    }

    /**
     * Refuses, naming its key, a TLS file that does not hold what it is for: at least one PEM X.509
     * certificate in {@code mqtt-ca-file} and {@code mqtt-cert-file}, a PEM PKCS#8 key in
     * {@code mqtt-key-file}. Called at configuration time, so a garbage file is a refused
     * configuration (exit 78) rather than a failure once the agent runs.
     */
    static void check(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
        caFile.ifPresent(f -> requireCertificate("mqtt-ca-file", f));
        certFile.ifPresent(f -> requireCertificate("mqtt-cert-file", f));
        keyFile.ifPresent(f -> {
            try {
                privateKey(f);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("mqtt-key-file", f.toString(), "a PEM PKCS#8 private key (BEGIN PRIVATE KEY): " + e.getMessage());
            }
        });
    }

    private static void requireCertificate(String key, Path pem) {
        String allowed = "a PEM file with at least one X.509 certificate";
        try {
            if (certificates(pem).isEmpty()) {
                throw new ConfigException(key, pem.toString(), allowed + "; it holds none");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key, pem.toString(), allowed + ": " + e.getMessage());
        }
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int b = text.indexOf(begin);
        int e = text.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < b) {
            throw new MqttTransportException("key file " + pem + " is not PEM PKCS#8 (BEGIN PRIVATE KEY);"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new MqttTransportException("key file " + pem + " holds no RSA, EC or Ed25519 key");
    }

}

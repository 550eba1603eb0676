package io.footfall.agent.mqtt;

import io.footfall.hal.ConfigException;
import io.footfall.hal.Options;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the node reaches its broker. Built from the configuration keys {@code broker},
 * {@code mqtt-username}, {@code mqtt-password-file}, {@code mqtt-ca-file}, {@code mqtt-cert-file},
 * {@code mqtt-key-file}, {@code mqtt-backoff-min} and {@code mqtt-backoff-max} by
 * {@link #fromOptions}. The password itself is never held here, only the file it is read from at
 * connect time, so neither {@link #toString()} nor a log line can show it.
 *
 * @param broker {@code tcp://host[:port]}, {@code mqtt://..} (same), {@code ssl://host[:port]} or
 *     {@code mqtts://..} (same, TLS); see {@link BrokerAddress}
 * @param caFile PEM file with the CA certificate(s) to trust for TLS; absent: the JVM's trust store
 * @param certFile PEM client certificate (chain) for TLS client authentication, with {@code keyFile}
 * @param keyFile PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of {@code certFile}
 * @param backoffMin first reconnect delay; each failed attempt doubles it, with jitter, up to {@code backoffMax}
 */
public record MqttSettings(String broker, String clientId,
        Optional<String> username, Optional<Path> passwordFile, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
        Duration backoffMin, Duration backoffMax) {

    public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(2);

    /** The settings {@link #fromOptions} reads besides {@code broker}. */
    public static final Set<String> KEYS = Set.of("mqtt-username", "mqtt-password-file", "mqtt-ca-file", "mqtt-cert-file",
            "mqtt-key-file", "mqtt-backoff-min", "mqtt-backoff-max");

    /** The longest client id {@link #clientId} makes; brokers allow 65535 (Mosquitto, EMQX, HiveMQ) or 128 (AWS IoT, Azure). */
    public static final int MAX_CLIENT_ID = 64;

    public MqttSettings {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(backoffMin, "backoffMin");
        Objects.requireNonNull(backoffMax, "backoffMax");
        BrokerAddress address = BrokerAddress.parse(broker);
        if (clientId.isEmpty() || clientId.length() > 65_535) {
            throw new ConfigException("client-id", clientId, "1 to 65535 characters");
        }
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new ConfigException(certFile.isPresent() ? "mqtt-key-file" : "mqtt-cert-file", "",
                    "mqtt-cert-file and mqtt-key-file go together");
        }
        if ((caFile.isPresent() || certFile.isPresent()) && !address.tls()) {
            throw new ConfigException("broker", broker, "ssl:// or mqtts:// when mqtt-ca-file or mqtt-cert-file is set");
        }
        if (backoffMin.isNegative() || backoffMin.isZero()) {
            throw new ConfigException("mqtt-backoff-min", backoffMin.toString(), "a positive duration such as 500ms, 1s, 2m");
        }
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new ConfigException("mqtt-backoff-max", backoffMax.toString(), "at least mqtt-backoff-min (" + backoffMin + ")");
        }
    }

    /** Plain settings for a broker URI, anonymous, default backoff. */
    public static MqttSettings of(String broker, String clientId) {
        return new MqttSettings(broker, clientId, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), DEFAULT_BACKOFF_MIN, DEFAULT_BACKOFF_MAX);
    }

    /**
     * Reads the {@code broker} and {@code mqtt-*} keys; absent keys take their defaults
     * ({@link BrokerAddress#DEFAULT}, backoff 1s to 2m). Files named must exist and be readable now, and
     * the TLS files must hold what they are for (see {@link Tls#check}).
     *
     * @throws ConfigException naming the first key whose value is not allowed
     */
    public static MqttSettings fromOptions(Map<String, String> options, String clientId) {
        String broker = options.getOrDefault("broker", BrokerAddress.DEFAULT).trim();
        BrokerAddress.parse(broker);
        Optional<String> user = Optional.ofNullable(options.get("mqtt-username")).map(String::trim).filter(s -> !s.isEmpty());
        Optional<Path> password = file(options, "mqtt-password-file");
        Optional<Path> ca = file(options, "mqtt-ca-file");
        Optional<Path> cert = file(options, "mqtt-cert-file");
        Optional<Path> key = file(options, "mqtt-key-file");
        Duration min = duration(options, "mqtt-backoff-min", DEFAULT_BACKOFF_MIN);
        Duration max = duration(options, "mqtt-backoff-max", DEFAULT_BACKOFF_MAX.compareTo(min) < 0 ? min : DEFAULT_BACKOFF_MAX);
        MqttSettings s = new MqttSettings(broker, clientId, user, password, ca, cert, key, min, max);
        Tls.check(ca, cert, key);
        return s;
    }

    /**
     * The client id of the node {@code ids}: no two site/node pairs share one, so nodes never take
     * each other's session, and it is accepted by every MQTT 5 broker we know. {@code ff.{site}.{node}}
     * while that fits in {@value #MAX_CLIENT_ID} characters ('.' never occurs in a site or node id,
     * so the pair can be read back from it); else {@code ff~} + 16 characters of the SHA-256 of
     * {@code site/node} in base32 (0-9, a-v) + {@code .} + as much of {@code site.node} as fits, exactly
     * {@value #MAX_CLIENT_ID} characters. docs/MQTT.md explains the choice.
     */
    public static String clientId(Topics ids) {
        return clientId("ff", ids);
    }

    /**
     * A client id like {@link #clientId(Topics)} for another kind of connection of the same node,
     * e.g. {@code ffdiag} for {@code footfall diag}: distinct from the agent's, so a check never
     * takes over the running agent's session.
     *
     * @param kind lower-case letters, the first two {@code ff}
     */
    public static String clientId(String kind, Topics ids) {
        if (!kind.matches("ff[a-z]*")) {
            throw new IllegalArgumentException("client id kind: " + kind);
        }
        String readable = ids.site() + "." + ids.node();
        if (kind.length() + 1 + readable.length() <= MAX_CLIENT_ID) {
            return kind + "." + readable;
        }
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256")
                    .digest((ids.site() + "/" + ids.node()).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        String base32 = new BigInteger(1, Arrays.copyOf(hash, 10)).toString(32); // 80 bits, 0-9a-v
        StringBuilder b = new StringBuilder(kind).append('~').append("0".repeat(16 - base32.length())).append(base32).append('.');
        return b.append(readable, 0, MAX_CLIENT_ID - b.length()).toString();
    }

    public MqttSettings withClientId(String id) {
        return new MqttSettings(broker, id, username, passwordFile, caFile, certFile, keyFile, backoffMin, backoffMax);
    }

    /** Where the broker is. */
    public BrokerAddress address() {
        return BrokerAddress.parse(broker);
    }

    /** Whether the connection uses TLS ({@code ssl://} or {@code mqtts://}). */
    public boolean tls() {
        return address().tls();
    }

    /** The broker as Paho spells it: {@code tcp://host:port} or {@code ssl://host:port}. */
    public String pahoUri() {
        return address().pahoUri();
    }

    private static Optional<Path> file(Map<String, String> options, String key) {
        String v = options.get(key);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(v.trim());
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new ConfigException(key, v, "a readable file");
        }
        return Optional.of(p);
    }

    /** {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT5S}); positive. */
    static Duration duration(Map<String, String> options, String key, Duration dflt) {
        return Options.duration(options, key, dflt, Duration.ofNanos(1), Duration.ofDays(365_000));
    }
}

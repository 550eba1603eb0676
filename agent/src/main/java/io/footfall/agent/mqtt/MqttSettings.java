package io.footfall.agent.mqtt;

import io.footfall.hal.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the node reaches its broker. Built from the configuration keys {@code broker},
 * {@code mqtt-username}, {@code mqtt-password-file}, {@code mqtt-ca-file}, {@code mqtt-cert-file},
 * {@code mqtt-key-file}, {@code mqtt-backoff-min} and {@code mqtt-backoff-max} by
 * {@link #fromOptions}. The password itself is never held here, only the file it is read from at
 * connect time, so neither {@link #toString()} nor a log line can show it.
 *
 * @param broker {@code tcp://host[:port]}, {@code mqtt://..} (same), {@code ssl://host[:port]} or
 *     {@code mqtts://..} (same, TLS); default ports 1883 and 8883
 * @param caFile PEM file with the CA certificate(s) to trust for TLS; absent: the JVM's trust store
 * @param certFile PEM client certificate (chain) for TLS client authentication, with {@code keyFile}
 * @param keyFile PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of {@code certFile}
 * @param backoffMin first reconnect delay; each failed attempt doubles it, with jitter, up to {@code backoffMax}
 */
public record MqttSettings(String broker, String clientId,
        Optional<String> username, Optional<Path> passwordFile, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
        Duration backoffMin, Duration backoffMax) {

    public static final String DEFAULT_BROKER = "tcp://localhost:1883";
    public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(2);


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
        parseBroker(broker);
        if (clientId.isEmpty() || clientId.length() > 64) {
            throw new ConfigException("client-id", clientId, "1-64 characters");
        }
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new ConfigException(certFile.isPresent() ? "mqtt-key-file" : "mqtt-cert-file", "",
                    "mqtt-cert-file and mqtt-key-file go together");
        }
        if ((caFile.isPresent() || certFile.isPresent()) && !tls(broker)) {
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
     * ({@value #DEFAULT_BROKER}, backoff 1s to 2m). Files named must exist and be readable now.
     *
     * @throws ConfigException naming the first key whose value is not allowed
     */
    public static MqttSettings fromOptions(Map<String, String> options, String defaultClientId) {
        String broker = options.getOrDefault("broker", DEFAULT_BROKER).trim();
        parseBroker(broker);
        Optional<String> user = Optional.ofNullable(options.get("mqtt-username")).map(String::trim).filter(s -> !s.isEmpty());
        Optional<Path> password = file(options, "mqtt-password-file");
        Optional<Path> ca = file(options, "mqtt-ca-file");
        Optional<Path> cert = file(options, "mqtt-cert-file");
        Optional<Path> key = file(options, "mqtt-key-file");
        Duration min = duration(options, "mqtt-backoff-min", DEFAULT_BACKOFF_MIN);
        Duration max = duration(options, "mqtt-backoff-max", DEFAULT_BACKOFF_MAX.compareTo(min) < 0 ? min : DEFAULT_BACKOFF_MAX);
        String clientId = options.getOrDefault("client-id", defaultClientId);
        return new MqttSettings(broker, clientId, user, password, ca, cert, key, min, max);
    }

    public MqttSettings withClientId(String id) {
        return new MqttSettings(broker, id, username, passwordFile, caFile, certFile, keyFile, backoffMin, backoffMax);
    }

    /** Whether the connection uses TLS ({@code ssl://} or {@code mqtts://}). */
    public boolean tls() {
        return tls(broker);
    }

    /** The broker as Paho spells it: {@code tcp://host:port} or {@code ssl://host:port}. */
    public String pahoUri() {
        URI u = parseBroker(broker);
        boolean tls = tls(broker);
        int port = u.getPort() > 0 ? u.getPort() : (tls ? 8883 : 1883);
        String host = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost();
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    private static boolean tls(String broker) {
        String s = broker.toLowerCase(Locale.ROOT);
        return s.startsWith("ssl://") || s.startsWith("mqtts://");
    }

    private static URI parseBroker(String broker) {
        String allowed = "tcp://host[:port], mqtt://.., ssl://host[:port] or mqtts://..";
        URI u;
        try {
            u = new URI(broker);
        } catch (URISyntaxException e) {
            throw new ConfigException("broker", broker, allowed);
        }
        String scheme = Optional.ofNullable(u.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!(scheme.equals("tcp") || scheme.equals("mqtt") || scheme.equals("ssl") || scheme.equals("mqtts"))
                || u.getHost() == null || u.getHost().isEmpty()
                || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/"))
                || u.getUserInfo() != null) {
            throw new ConfigException("broker", broker, allowed + " (no credentials in the URI)");
        }
        return u;
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

    /**
     * Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT5S}).
     *
     * @throws ConfigException naming {@code key} when it is none of these or not positive
     */
    public static Duration parseDuration(String key, String value) {
        return duration(Map.of(key, value), key, Duration.ZERO);
    }

    /** {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT5S}); positive. */
    static Duration duration(Map<String, String> options, String key, Duration dflt) {
        return io.footfall.hal.Options.duration(options, key, dflt, Duration.ofNanos(1), Duration.ofDays(365_000));
    }
}

package io.footfall.agent.mqtt;

import io.footfall.hal.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the broker is: the one parser of the {@code broker} setting, used by {@code run},
 * {@code receive}, {@code diag} and {@code config check}. Accepts {@code tcp://host[:port]},
 * {@code mqtt://…} (the same), {@code ssl://host[:port]} and {@code mqtts://…} (the same, TLS);
 * without a port, {@value #MQTT_PORT} for plain MQTT and {@value #MQTTS_PORT} for TLS.
 *
 * @param host a name, an IPv4 address or a bracketed IPv6 address ({@code [::1]})
 */
public record BrokerAddress(boolean tls, String host, int port) {
    public static final int MQTT_PORT = 1883;
    public static final int MQTTS_PORT = 8883;

    /** The broker a node uses when {@code broker} is not set: one on the node itself. */
    public static final String DEFAULT = "tcp://127.0.0.1:" + MQTT_PORT;

    private static final String ALLOWED = "tcp://host[:port], mqtt://.., ssl://host[:port] or mqtts://..";

    public BrokerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("host " + host + " port " + port);
        }
    }

    /**
     * @throws ConfigException naming the key {@code broker} when {@code uri} is not one of the allowed
     *     forms: another scheme, no host, a path, credentials in the URI, or a port outside 1 to 65535
     */
    public static BrokerAddress parse(String uri) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException("broker", uri, ALLOWED);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("ssl") || scheme.equals("mqtts");
        if (!(tls || scheme.equals("tcp") || scheme.equals("mqtt")) || u.getHost() == null || u.getHost().isEmpty()
                || u.getRawPath() == null || !(u.getRawPath().isEmpty() || u.getRawPath().equals("/"))
                || u.getRawQuery() != null || u.getRawFragment() != null || u.getUserInfo() != null) {
            throw new ConfigException("broker", uri, ALLOWED + " (no path, no credentials in the URI)");
        }
        if (u.getPort() == 0 || u.getPort() > 65_535) {
            throw new ConfigException("broker", uri, ALLOWED + ", the port from 1 to 65535");
        }
        int port = u.getPort() > 0 ? u.getPort() : tls ? MQTTS_PORT : MQTT_PORT;
        String host = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost();
        return new BrokerAddress(tls, host, port);
    }

    /** As Paho spells it: {@code tcp://host:port} or {@code ssl://host:port}. */
    public String pahoUri() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    /** {@code host:port}, for a person. */
    public String hostAndPort() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return pahoUri();
    }
}

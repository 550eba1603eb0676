package io.footfall.agent.mqtt;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Says, for a person, why a connection to the broker failed: "refused" (nothing listens there),
 * "TLS" (untrusted certificate, wrong host name, a TLS client on a plain port), "not an MQTT broker"
 * (a plain client on a TLS port, or another service), or the broker's own CONNACK reason in the
 * words of the MQTT 5 specification — instead of a bare timeout. The one wording for the node's
 * log, {@code receive} and {@code diag}.
 */
final class ConnectFailure {
    private ConnectFailure() {}

    /** MQTT 5 CONNACK reason codes (section 3.2.2.2) in words. */
    static final Map<Integer, String> CONNACK_REASONS = Map.ofEntries(
            Map.entry(0x80, "unspecified error"),
            Map.entry(0x81, "malformed packet"),
            Map.entry(0x82, "protocol error"),
            Map.entry(0x83, "implementation specific error"),
            Map.entry(0x84, "unsupported protocol version"),
            Map.entry(0x85, "client identifier not valid"),
            Map.entry(0x86, "bad user name or password"),
            Map.entry(0x87, "not authorized"),
            Map.entry(0x88, "server unavailable"),
            Map.entry(0x89, "server busy"),
            Map.entry(0x8A, "banned"),
            Map.entry(0x8C, "bad authentication method"),
            Map.entry(0x90, "topic name invalid"),
            Map.entry(0x95, "packet too large"),
            Map.entry(0x97, "quota exceeded"),
            Map.entry(0x99, "payload format invalid"),
            Map.entry(0x9A, "retain not supported"),
            Map.entry(0x9B, "QoS not supported"),
            Map.entry(0x9C, "use another server"),
            Map.entry(0x9D, "server moved"),
            Map.entry(0x9F, "connection rate exceeded"));

    /** What a connect that saw no CONNACK in time says. */
    static String noAnswer(String where) {
        return "no MQTT answer from " + where + " in time: not an MQTT broker, a TLS port spoken to as plain MQTT, or a firewall";
    }

    /**
     * @param failure what the connect threw, with its causes
     * @param where the broker as Paho spells it
     * @param tls whether the client spoke TLS
     */
    static String describe(Throwable failure, String where, boolean tls) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            if (t instanceof UnknownHostException) {
                return "unknown host in " + where + " (" + msg + ")";
            }
            if (t instanceof ConnectException) {
                return msg.toLowerCase(Locale.ROOT).contains("refused")
                        ? "connection refused by " + where + ": nothing listens on that port (broker down, or wrong host or port)"
                        : "cannot reach " + where + ": " + msg;
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to " + where + ": " + msg;
            }
            if (t instanceof SSLHandshakeException && hasCause(t, CertPathValidatorException.class)) {
                return "TLS: the broker's certificate at " + where + " is not signed by a trusted CA (check mqtt-ca-file): " + msg;
            }
            if (t instanceof SSLHandshakeException && hasCause(t, CertificateException.class) && msg.contains("name")) {
                return "TLS: the broker's certificate does not name the host in " + where + ": " + msg;
            }
            if (t instanceof SSLException) {
                if (msg.contains("Unsupported or unrecognized SSL message") || msg.contains("plaintext")) {
                    return "TLS: " + where + " does not speak TLS (a plain MQTT port? use tcp:// or the TLS port)";
                }
                return "TLS handshake with " + where + " failed: " + msg;
            }
            if (t instanceof EOFException) {
                return closed(where);
            }
            if (t instanceof SocketException && msg.contains("reset")) {
                return tls ? where + " reset the connection during the TLS handshake (a plain MQTT port? use tcp:// or the TLS port)"
                        : where + " reset the connection during the MQTT handshake: not an MQTT broker, or a TLS port spoken to as plain MQTT"
                                + " (use ssl://)";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer from " + where + " in time: " + msg;
            }
            if (t instanceof MqttException e && t.getCause() == null) {
                return reason(e, where);
            }
        }
        return failure instanceof MqttException e ? reason(e, where) : String.valueOf(failure.getMessage());
    }

    private static String closed(String where) {
        return where + " closed the connection during the MQTT handshake: not an MQTT broker, or a TLS port spoken to as plain MQTT"
                + " (use ssl://)";
    }

    private static String reason(MqttException e, String where) {
        int code = e.getReasonCode();
        String words = CONNACK_REASONS.get(code);
        if (words != null) {
            return "the broker at " + where + " refused the connection: " + words + String.format(" (CONNACK reason code 0x%02X)", code);
        }
        return switch (code) {
            case 32000 -> noAnswer(where);
            case 32109 -> closed(where);
            default -> code >= 32000 ? "not an MQTT broker, or not answering MQTT, at " + where + ": " + e.getMessage() + " (reason code "
                    + code + ")" : e.getMessage() + " (reason code " + code + ")";
        };
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}

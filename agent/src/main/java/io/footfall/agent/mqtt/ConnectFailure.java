package io.footfall.agent.receive;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Says, for a person, why a connection to the broker failed: "refused" (nothing listens there),
 * "TLS" (untrusted certificate, wrong host name, a TLS client on a plain port), "not MQTT" (a
 * plain client on a TLS port, or another service), or the broker's own CONNACK reason — instead of
 * a bare timeout.
 */
final class ConnectFailure {
    private ConnectFailure() {}

    /** @param tls whether the client spoke TLS */
    static String describe(Throwable failure, String uri, boolean tls) {
        String where = uri;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            if (t instanceof UnknownHostException) {
                return "unknown host in " + where + " (" + msg + ")";
            }
            if (t instanceof ConnectException) {
                return msg.toLowerCase(java.util.Locale.ROOT).contains("refused")
                        ? "connection refused by " + where + ": nothing listens on that port (broker down, or wrong host or port)"
                        : "cannot reach " + where + ": " + msg;
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to " + where + ": " + msg;
            }
            if (t instanceof SSLHandshakeException && hasCause(t, CertPathValidatorException.class)) {
                return "TLS: the broker's certificate at " + where + " is not signed by a trusted CA (check --mqtt-ca-file): " + msg;
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
                return where + " closed the connection during the MQTT handshake (a TLS port spoken to as plain MQTT? use ssl://)";
            }
            if (t instanceof java.net.SocketException && msg.contains("reset")) {
                return tls ? where + " reset the connection during the TLS handshake (a plain MQTT port? use tcp:// or the TLS port)"
                        : where + " reset the connection during the MQTT handshake (a TLS port spoken to as plain MQTT? use ssl://)";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer from " + where + " in time: " + msg;
            }
            if (t instanceof MqttException e && t.getCause() == null) {
                return reason(e, where);
            }
        }
        return failure instanceof MqttException e ? reason(e, where) : failure.toString();
    }

    private static String reason(MqttException e, String where) {
        int code = e.getReasonCode();
        return switch (code) {
            case 134 -> "the broker at " + where + " refused the user name or password (CONNACK 134)";
            case 135 -> "the broker at " + where + " says not authorised (CONNACK 135)";
            case 133 -> "the broker at " + where + " refused the client id (CONNACK 133)";
            case 136, 137 -> "the broker at " + where + " is unavailable or busy (CONNACK " + code + ")";
            case 32000 -> "no MQTT answer from " + where + " in time (a TLS port spoken to as plain MQTT, a firewall, or not an MQTT server)";
            case 32109 -> where + " closed the connection (a TLS port spoken to as plain MQTT? use ssl://)";
            default -> e.getMessage() + " (reason code " + code + ")";
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

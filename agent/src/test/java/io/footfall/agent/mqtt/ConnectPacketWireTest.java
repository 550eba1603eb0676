package io.footfall.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.footfall.agent.outbox.SqliteOutbox;
import io.footfall.agent.receive.Receiver;
import io.footfall.agent.testing.StandardOutbox;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CONNECT packet each of our three MQTT clients puts on the wire, read byte by byte by a
 * listener that answers nothing (MQTT 5, section 3.1): the node's forwarder (fresh session, the
 * offline status as retained will), the platform's receiver (persistent session, a maximum packet
 * size) and diag's probe (fresh session, no will). They share one Paho lifecycle, so these flags and
 * properties are the contract that sharing must not change; docs/MQTT.md describes them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectPacketWireTest {
    @TempDir
    Path dir;

    /** What a CONNECT says; property values as hex, by property identifier. */
    record Connect(int flags, int keepAlive, Map<Integer, String> properties, String clientId, Optional<String> willTopic,
            Optional<String> willPayload, Map<Integer, String> willProperties, Optional<String> username, Optional<String> passwordHex) {}

    static final int USERNAME = 0x80;
    static final int PASSWORD = 0x40;
    static final int WILL_RETAIN = 0x20;
    static final int WILL_QOS_1 = 0x08;
    static final int WILL = 0x04;
    static final int CLEAN_START = 0x02;
    static final int SESSION_EXPIRY = 0x11;
    static final int MAXIMUM_PACKET_SIZE = 0x27;

    /** Accepts one connection, reads its first packet and hangs up without a CONNACK. */
    static final class Listener implements AutoCloseable {
        final ServerSocket server;
        final CompletableFuture<Connect> connect = new CompletableFuture<>();

        Listener() throws IOException {
            server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    connect.complete(decode(s.getInputStream()));
                } catch (IOException | RuntimeException e) {
                    connect.completeExceptionally(e);
                }
            }, "connect-listener");
            t.setDaemon(true);
            t.start();
        }

        String uri() {
            return "tcp://127.0.0.1:" + server.getLocalPort();
        }

        Connect await() throws Exception {
            return connect.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static Connect decode(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        int type = in.readUnsignedByte();
        if (type != 0x10) {
            throw new IOException("not a CONNECT: first byte " + type);
        }
        byte[] body = new byte[varInt(in)];
        in.readFully(body);
        in = new DataInputStream(new java.io.ByteArrayInputStream(body));
        String protocol = string(in);
        int version = in.readUnsignedByte();
        if (!protocol.equals("MQTT") || version != 5) {
            throw new IOException(protocol + " " + version);
        }
        int flags = in.readUnsignedByte();
        int keepAlive = in.readUnsignedShort();
        Map<Integer, String> properties = properties(in);
        String clientId = string(in);
        Optional<String> willTopic = Optional.empty();
        Optional<String> willPayload = Optional.empty();
        Map<Integer, String> willProperties = Map.of();
        if ((flags & WILL) != 0) {
            willProperties = properties(in);
            willTopic = Optional.of(string(in));
            willPayload = Optional.of(new String(binary(in), StandardCharsets.UTF_8));
        }
        Optional<String> username = (flags & USERNAME) != 0 ? Optional.of(string(in)) : Optional.empty();
        Optional<String> password = (flags & PASSWORD) != 0 ? Optional.of(HexFormat.of().formatHex(binary(in))) : Optional.empty();
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes left over");
        }
        return new Connect(flags, keepAlive, properties, clientId, willTopic, willPayload, willProperties, username, password);
    }

    private static int varInt(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private static byte[] binary(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return b;
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(binary(in), StandardCharsets.UTF_8);
    }

    /** MQTT 5 properties (section 2.2.2.2), each value as hex of its bytes on the wire. */
    private static Map<Integer, String> properties(DataInputStream in) throws IOException {
        byte[] all = new byte[varInt(in)];
        in.readFully(all);
        DataInputStream p = new DataInputStream(new java.io.ByteArrayInputStream(all));
        Map<Integer, String> out = new TreeMap<>();
        while (p.available() > 0) {
            int id = varInt(p);
            int length = switch (id) {
                case 0x01, 0x17, 0x19 -> 1;
                case 0x21, 0x22 -> 2;
                case 0x02, 0x11, 0x18, 0x27 -> 4;
                case 0x03, 0x08, 0x09, 0x15, 0x16 -> -1;
                default -> throw new IOException("property " + id + " not expected in a CONNECT");
            };
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            if (length < 0) {
                byte[] b = binary(p);
                value.write(b.length >> 8);
                value.write(b.length);
                value.write(b);
            } else {
                value.write(p.readNBytes(length));
            }
            out.put(id, HexFormat.of().formatHex(value.toByteArray()));
        }
        return out;
    }

    /** A user with a password that begins and ends with a space, written as {@code echo} writes it. */
    private MqttSettings withPassword(String uri, String clientId) throws IOException {
        Path pw = Files.writeString(dir.resolve("password"), " pass word \n");
        return new MqttSettings(uri, clientId, Optional.of("node-017"), Optional.of(pw), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofMillis(50), Duration.ofMillis(400));
    }

    private static final String PASSWORD_ON_THE_WIRE = HexFormat.of().formatHex(" pass word ".getBytes(StandardCharsets.UTF_8));

    @Test
    void the_node_asks_for_a_fresh_session_with_its_retained_offline_status_as_will() throws Exception {
        try (Listener l = new Listener(); SqliteOutbox outbox = StandardOutbox.open(dir.resolve("outbox.db"), "node-017");
                Forwarder f = new Forwarder(withPassword(l.uri(), "ff.kortrijk-centrum.node-017"), ForwarderTest.TOPICS, outbox,
                        Forwarder.Timing.defaults())) {
            f.start();
            Connect c = l.await();
            assertEquals(USERNAME | PASSWORD | WILL_RETAIN | WILL_QOS_1 | WILL | CLEAN_START, c.flags());
            assertEquals(600, c.keepAlive());
            assertEquals(Map.of(SESSION_EXPIRY, "00000000"), c.properties());
            assertEquals("ff.kortrijk-centrum.node-017", c.clientId());
            assertEquals(Optional.of(ForwarderTest.TOPICS.status()), c.willTopic());
            assertEquals(Optional.of(new String(StatusPayload.offline(ForwarderTest.TOPICS), StandardCharsets.UTF_8)), c.willPayload());
            assertEquals(Map.of(), c.willProperties());
            assertEquals(Optional.of("node-017"), c.username());
            assertEquals(Optional.of(PASSWORD_ON_THE_WIRE), c.passwordHex());
        }
    }

    @Test
    void the_receiver_resumes_its_session_bounds_packets_and_sends_the_password_file_as_the_node_does() throws Exception {
        try (Listener l = new Listener();
                Receiver r = new Receiver(withPassword(l.uri(), "platform"), "+", Duration.ofHours(1), (w, d) -> {})) {
            r.start();
            Connect c = l.await();
            assertEquals(USERNAME | PASSWORD, c.flags(), "clean start off, no will");
            assertEquals(5, c.keepAlive());
            assertEquals(Map.of(SESSION_EXPIRY, "00000e10", MAXIMUM_PACKET_SIZE, "00100000"), c.properties());
            assertEquals("platform", c.clientId());
            assertEquals(Optional.of("node-017"), c.username());
            // before the receiver shared the node's lifecycle it stripped every space: " pass word " was refused
            assertEquals(Optional.of(PASSWORD_ON_THE_WIRE), c.passwordHex());
        }
    }

    @Test
    void diag_asks_for_a_fresh_session_without_a_will() throws Exception {
        try (Listener l = new Listener()) {
            BrokerProbe.Result r = BrokerProbe.connect(withPassword(l.uri(), "ffdiag.kortrijk-centrum.node-017"), Duration.ofSeconds(5));
            Connect c = l.await();
            assertEquals(USERNAME | PASSWORD | CLEAN_START, c.flags());
            assertEquals(60, c.keepAlive());
            assertEquals(Map.of(SESSION_EXPIRY, "00000000"), c.properties());
            assertEquals("ffdiag.kortrijk-centrum.node-017", c.clientId());
            assertEquals(Optional.of(PASSWORD_ON_THE_WIRE), c.passwordHex());
            assertEquals(false, r.accepted(), r.toString());
        }
    }
}

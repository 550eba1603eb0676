package io.footfall.agent.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sending half of {@code sd_notify(3)}: one datagram per notification to the {@code AF_UNIX}
 * socket systemd names in {@code $NOTIFY_SOCKET} (a path, or an abstract name starting with
 * {@code @}).
 *
 * <p>Java 17 has only stream UNIX sockets (JEP 380) and systemd reads datagrams, so the three libc
 * calls go through JNA. JNA rather than libsystemd: no native library of our own to build for
 * arm64 and armhf, and JNA's jar carries its dispatcher for both.
 */
public final class NotifySocket implements AutoCloseable {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(sockaddr_un.sun_path)} on Linux. */
    private static final int PATH_MAX = 108;

    static {
        Native.register(NotifySocket.class, "c");
    }

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrLen)
            throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private final String address;
    private final byte[] sockaddr;
    private final int fd;
    private volatile boolean closed;

    /** @param address as in {@code $NOTIFY_SOCKET}: an absolute path, or {@code @name} for an abstract socket */
    public NotifySocket(String address) {
        this.address = Objects.requireNonNull(address, "address");
        this.sockaddr = sockaddr(address);
        this.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    }

    /** The socket systemd gave this process, if it gave one (not when run by hand). */
    public static Optional<NotifySocket> fromEnvironment(Map<String, String> env) {
        String s = env.get("NOTIFY_SOCKET");
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(new NotifySocket(s));
    }

    /** {@code sockaddr_un} for a path or an abstract name, as {@code sd_notify} builds it. */
    static byte[] sockaddr(String address) {
        if (!address.startsWith("/") && !address.startsWith("@")) {
            throw new IllegalArgumentException("NOTIFY_SOCKET must be an absolute path or start with @: " + address);
        }
        byte[] name = address.getBytes(StandardCharsets.UTF_8);
        if (name.length >= PATH_MAX) {
            throw new IllegalArgumentException("NOTIFY_SOCKET longer than " + (PATH_MAX - 1) + " bytes: " + address);
        }
        boolean isAbstract = address.startsWith("@");
        ByteBuffer b = ByteBuffer.allocate(2 + name.length + (isAbstract ? 0 : 1)).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX);
        b.put(name);
        byte[] out = b.array();
        if (isAbstract) {
            out[2] = 0;
        }
        return out;
    }

    /**
     * Sends one notification, e.g. {@code "READY=1\nSTATUS=counting"}.
     *
     * @throws IllegalStateException when the datagram could not be sent (systemd gone, socket closed)
     */
    public void send(String state) {
        if (closed) {
            throw new IllegalStateException("notify socket closed");
        }
        byte[] msg = state.getBytes(StandardCharsets.UTF_8);
        try {
            sendto(fd, msg, new NativeLong(msg.length), MSG_NOSIGNAL, sockaddr, sockaddr.length);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot notify systemd at " + address + ": errno " + e.getErrorCode(), e);
        }
    }

    public String address() {
        return address;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            close(fd);
        } catch (LastErrorException e) {
            // Nothing to do: the descriptor is gone either way.
        }
    }
}

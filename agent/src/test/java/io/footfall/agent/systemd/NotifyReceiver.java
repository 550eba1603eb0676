package io.footfall.agent.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** What systemd does with {@code $NOTIFY_SOCKET}, for tests: binds a datagram socket and collects what arrives. */
final class NotifyReceiver implements AutoCloseable {
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;

    static {
        Native.register(NotifyReceiver.class, "c");
    }

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native int bind(int fd, byte[] addr, int addrLen) throws LastErrorException;

    private static native NativeLong recv(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private final int fd;
    private final List<String> received = new ArrayList<>();

    /** @param address a path or {@code @name}, as in {@code $NOTIFY_SOCKET} */
    NotifyReceiver(String address) {
        fd = socket(NotifySocket.AF_UNIX, NotifySocket.SOCK_DGRAM | NotifySocket.SOCK_CLOEXEC, 0);
        byte[] sa = NotifySocket.sockaddr(address);
        bind(fd, sa, sa.length);
    }

    /** Every datagram received so far, oldest first. */
    synchronized List<String> received() {
        drain();
        return List.copyOf(received);
    }

    /** Waits for a datagram that {@code wanted} accepts and returns it. */
    String await(Predicate<String> wanted, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < until) {
            List<String> all = received();
            for (int i = seen; i < all.size(); i++) {
                if (wanted.test(all.get(i))) {
                    return all.get(i);
                }
            }
            seen = all.size();
            LockSupport.parkNanos(10_000_000L);
        }
        throw new AssertionError("no such notification within " + timeout + "; received " + received());
    }

    /** Forgets what was received so far. */
    synchronized void clear() {
        drain();
        received.clear();
    }

    private void drain() {
        byte[] buf = new byte[4096];
        while (true) {
            try {
                int n = recv(fd, buf, new NativeLong(buf.length), MSG_DONTWAIT).intValue();
                received.add(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    return;
                }
                throw e;
            }
        }
    }

    @Override
    public void close() {
        close(fd);
    }
}

package dev.stripeoperator.receiver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of a server, whose network can turn bad: slow (every chunk waits before it
 * passes) or frozen (connections stay open but no byte passes either way, as with a primary that failed over
 * without closing its connections: a half-open connection).
 */
public final class LoopbackRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile Duration delay = Duration.ZERO;

    private LoopbackRelay(ServerSocket listener, int target) {
        this.listener = listener;
        this.target = target;
    }

    /** Relays connections on a free port to {@code targetPort} on loopback. */
    public static LoopbackRelay start(int targetPort) {
        try {
            LoopbackRelay proxy =
                    new LoopbackRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
            Thread.ofVirtual().start(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port to connect to instead of the target's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** From now on no byte passes, on open connections or new ones, and nothing is closed. */
    public void freeze() {
        frozen = true;
    }

    /** From now on every chunk waits this long before it passes, each way. */
    public void delay(Duration perChunk) {
        delay = perChunk;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> relay(client, server));
                Thread.ofVirtual().start(() -> relay(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                while (frozen) {
                    Thread.sleep(50);
                }
                Thread.sleep(delay);
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed: the relay ends
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}

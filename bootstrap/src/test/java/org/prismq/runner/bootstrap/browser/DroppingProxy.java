package org.prismq.runner.bootstrap.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay on a free loopback port in front of the service, whose open connections a test can cut at once:
 * the browser then sees a connection drop mid-stream, as when a network or a proxy fails.
 */
final class DroppingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    private DroppingProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    static DroppingProxy start(int targetPort) throws IOException {
        DroppingProxy proxy = new DroppingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        proxy.threads.submit(proxy::accept);
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes every connection open now; new ones are relayed as before. */
    void dropAll() throws IOException {
        for (Socket socket : open) {
            socket.close();
            open.remove(socket);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                threads.submit(() -> relay(client, upstream));
                threads.submit(() -> relay(upstream, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    // Either side ending ends both: the other side then sees the connection close.
    private void relay(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException dropped) {
            // The connection was cut or closed: nothing more to relay.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // Closing is all that was wanted.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
        threads.shutdownNow();
    }
}

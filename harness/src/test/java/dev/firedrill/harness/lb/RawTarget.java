package dev.firedrill.harness.lb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A misbehaving target on a raw socket, to provoke the ALB's 502 path: it reads the request and then
 * either resets the connection (RST) or answers bytes that are not HTTP.
 */
final class RawTarget implements AutoCloseable {
    enum Mode { RESET, GARBAGE }

    private final ServerSocket socket;
    private final Thread thread;

    RawTarget(Mode mode) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> loop(mode), "raw-target-" + mode);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(Mode mode) {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                InputStream in = s.getInputStream();
                in.read(new byte[8192]);
                if (mode == Mode.RESET) {
                    s.setSoLinger(true, 0);
                } else {
                    OutputStream out = s.getOutputStream();
                    out.write("SSH-2.0-definitely-not-http\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // closed, or the peer went away: next connection
            }
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        socket.close();
        thread.join(2000);
    }
}

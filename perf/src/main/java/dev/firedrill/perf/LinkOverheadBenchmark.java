package dev.firedrill.perf;

import dev.firedrill.harness.net.Link;
import dev.firedrill.perf.internal.EchoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a {@link Link} without toxics costs over loopback: the same client talks to the same server either
 * directly ({@code path=direct}) or through a link ({@code path=link}).
 *
 * <ul>
 *   <li>{@code roundTrip1k}: write 1 KB, read the 1 KB echo back, on one kept-alive connection
 *       (SampleTime, µs: read the p0.50 and p0.99 rows). Goal: link median − direct median ≤ 50 µs.</li>
 *   <li>{@code bulkWrite64k}: one 64 KB write on a kept-alive connection to a server that discards
 *       (Throughput, ops/s; × 65,536 B = bytes/s). Goal: link ≥ 0.9 × direct.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LinkOverheadBenchmark {
    /** Bytes per bulk write. */
    public static final int BULK_CHUNK = 64 * 1024;
    private static final int PAYLOAD = 1024;

    @Param({"direct", "link"})
    public String path;

    private EchoServer echo;
    private EchoServer sink;
    private Link echoLink;
    private Link sinkLink;

    @Setup(Level.Trial)
    public void start() throws IOException {
        echo = EchoServer.echo();
        sink = EchoServer.sink();
        if (path.equals("link")) {
            echoLink = Link.open("bench-echo", echo.address());
            sinkLink = Link.open("bench-sink", sink.address());
        } else if (!path.equals("direct")) {
            throw new IllegalArgumentException("path must be 'direct' or 'link', got '" + path + "'");
        }
    }

    InetSocketAddress echoAddress() {
        return echoLink != null ? echoLink.listenAddress() : echo.address();
    }

    InetSocketAddress sinkAddress() {
        return sinkLink != null ? sinkLink.listenAddress() : sink.address();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        if (echoLink != null) {
            echoLink.close();
            sinkLink.close();
        }
        echo.close();
        sink.close();
    }

    /** One kept-alive connection per benchmark thread to the echo server. */
    @State(Scope.Thread)
    public static class EchoClient {
        final byte[] payload = new byte[PAYLOAD];
        final byte[] back = new byte[PAYLOAD];
        Socket socket;
        OutputStream out;
        InputStream in;

        @Setup(Level.Trial)
        public void connect(LinkOverheadBenchmark b) throws IOException {
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) i;
            }
            socket = connectTo(b.echoAddress());
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            socket.close();
        }
    }

    /** One kept-alive connection per benchmark thread to the sink. */
    @State(Scope.Thread)
    public static class BulkClient {
        final byte[] chunk = new byte[BULK_CHUNK];
        Socket socket;
        OutputStream out;

        @Setup(Level.Trial)
        public void connect(LinkOverheadBenchmark b) throws IOException {
            socket = connectTo(b.sinkAddress());
            out = socket.getOutputStream();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            socket.close();
        }
    }

    static Socket connectTo(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, 5_000);
        return s;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int roundTrip1k(EchoClient c) throws IOException {
        c.out.write(c.payload);
        int got = 0;
        while (got < PAYLOAD) {
            int n = c.in.read(c.back, got, PAYLOAD - got);
            if (n < 0) {
                throw new IOException("echo server closed the connection after " + got + " bytes");
            }
            got += n;
        }
        return c.back[PAYLOAD - 1];
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void bulkWrite64k(BulkClient c) throws IOException {
        c.out.write(c.chunk);
    }
}

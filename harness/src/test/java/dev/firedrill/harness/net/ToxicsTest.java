package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.Clients.connect;
import static dev.firedrill.harness.net.Clients.pattern;
import static dev.firedrill.harness.net.Clients.roundTrip;
import static dev.firedrill.harness.net.ToxicStream.DOWNSTREAM;
import static dev.firedrill.harness.net.ToxicStream.UPSTREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ToxicsTest {
    private EchoServer echo;
    private Link link;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        link = Link.open("cache", echo.address(), 0, 7L);
    }

    @AfterEach
    void stop() throws IOException {
        link.close();
        echo.close();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void latencyToxicAddsAtLeastItsDelayToARoundTrip() throws IOException {
        link.addToxic(new LatencyToxic("slow", DOWNSTREAM, 1.0, 300, 0));
        try (Socket s = connect(link.listenAddress(), 5_000)) {
            long t0 = System.nanoTime();
            assertThat(roundTrip(s, pattern(1024))).isEqualTo(pattern(1024));
            assertThat(millisSince(t0)).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void toxicAddedLaterActsOnLiveConnections() throws IOException {
        try (Socket s = connect(link.listenAddress(), 5_000)) {
            roundTrip(s, pattern(10));
            link.addToxic(new LatencyToxic("slow", UPSTREAM, 1.0, 300, 0));
            long t0 = System.nanoTime();
            roundTrip(s, pattern(10));
            assertThat(millisSince(t0)).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void timeoutZeroBlackholesWhileTheConnectionStaysOpen() throws IOException {
        link.addToxic(new TimeoutToxic(null, UPSTREAM, 1.0, 0));
        assertThat(link.toxics()).extracting(Toxic::name).containsExactly("timeout_upstream");
        try (Socket s = connect(link.listenAddress(), 500)) {
            assertThatThrownBy(() -> roundTrip(s, pattern(10))).isInstanceOf(SocketTimeoutException.class);
            assertThat(link.stats().connectionsActive()).as("timeout=0 keeps the connection open").isEqualTo(1);
        }
    }

    @Test
    void timeoutWithADelayClosesTheConnectionAfterIt() throws IOException {
        link.addToxic(new TimeoutToxic("t", DOWNSTREAM, 1.0, 200));
        try (Socket s = connect(link.listenAddress(), 5_000)) {
            long t0 = System.nanoTime();
            s.getOutputStream().write(pattern(10));
            assertThat(Clients.drain(s.getInputStream())).as("data is dropped, then the connection closes")
                    .isZero();
            assertThat(millisSince(t0)).isBetween(150L, 4_000L);
        }
    }

    @Test
    void resetPeerFailsFast() throws IOException {
        link.addToxic(new ResetPeerToxic("rst", UPSTREAM, 1.0, 0));
        try (Socket s = connect(link.listenAddress(), 5_000)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> {
                s.getOutputStream().write(pattern(10));
                s.getInputStream().read();
            }).isInstanceOf(SocketException.class);
            assertThat(millisSince(t0)).as("a reset is immediate, not a timeout").isLessThan(2_000);
        }
    }

    @Test
    void bandwidthToxicLimitsThroughput() throws IOException {
        link.addToxic(new BandwidthToxic("thin", DOWNSTREAM, 1.0, 100)); // 100 KB/s
        byte[] payload = pattern(50_000);
        try (Socket s = connect(link.listenAddress(), 10_000)) {
            long t0 = System.nanoTime();
            assertThat(roundTrip(s, payload)).isEqualTo(payload);
            assertThat(millisSince(t0)).as("50 KB at 100 KB/s takes about 500 ms").isGreaterThanOrEqualTo(350);
        }
    }

    @Test
    void slicerStillDeliversAllBytes() throws IOException {
        link.addToxic(new SlicerToxic("slices", DOWNSTREAM, 1.0, 100, 50, 10));
        byte[] payload = pattern(20_000);
        try (Socket s = connect(link.listenAddress(), 10_000)) {
            assertThat(roundTrip(s, payload)).isEqualTo(payload);
        }
    }

    @Test
    void limitDataClosesAfterItsBytes() throws IOException {
        link.addToxic(new LimitDataToxic("cap", DOWNSTREAM, 1.0, 1_000));
        try (Socket s = connect(link.listenAddress(), 5_000)) {
            s.getOutputStream().write(pattern(5_000));
            assertThat(Clients.drain(s.getInputStream())).isEqualTo(1_000);
        }
    }

    @Test
    void slowCloseDelaysTheClose() throws IOException {
        link.addToxic(new SlowCloseToxic("linger", DOWNSTREAM, 1.0, 300));
        try (Socket s = connect(link.listenAddress(), 5_000)) {
            roundTrip(s, pattern(10));
            long t0 = System.nanoTime();
            s.shutdownOutput();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(millisSince(t0)).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void zeroToxicityNeverApplies() throws IOException {
        link.addToxic(new LatencyToxic("never", DOWNSTREAM, 0.0, 1_000, 0));
        for (int i = 0; i < 10; i++) {
            try (Socket s = connect(link.listenAddress(), 5_000)) {
                long t0 = System.nanoTime();
                roundTrip(s, pattern(100));
                assertThat(millisSince(t0)).isLessThan(900);
            }
        }
    }

    @Test
    void removingAToxicMidStreamDropsNoBytes() throws Exception {
        link.addToxic(new LatencyToxic("slow", DOWNSTREAM, 1.0, 100, 0));
        link.addToxic(new SlicerToxic("slices", UPSTREAM, 1.0, 500, 100, 200));
        int total = 2_000_000;
        byte[] payload = pattern(total);
        try (Socket s = connect(link.listenAddress(), 10_000)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.getInputStream().readNBytes(total);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            OutputStream out = s.getOutputStream();
            for (int off = 0; off < total; off += 10_000) {
                out.write(payload, off, 10_000);
                if (off == total / 2) {
                    link.removeToxic("slow");
                    link.removeToxic("slices");
                }
            }
            assertThat(received.get()).as("every byte arrives, in order").isEqualTo(payload);
        }
    }

    @Test
    void toxicityIsDecidedPerConnectionFromTheSeed() throws IOException {
        link.addToxic(new TimeoutToxic("half", DOWNSTREAM, 0.5, 0));
        int blackholed = 0;
        for (int i = 0; i < 20; i++) {
            try (Socket s = connect(link.listenAddress(), 150)) {
                try {
                    roundTrip(s, pattern(10));
                } catch (SocketTimeoutException e) {
                    blackholed++;
                }
            }
        }
        assertThat(blackholed).as("about half of 20 connections").isBetween(3, 17);
    }

    @Test
    void badToxicsAreRejectedWithClearMessages() {
        assertThatThrownBy(() -> new LatencyToxic("x", DOWNSTREAM, 1.0, -5, 0))
                .isInstanceOf(dev.firedrill.harness.FaultException.class)
                .hasMessageContaining("latency = -5");
        assertThatThrownBy(() -> new LatencyToxic("x", DOWNSTREAM, 1.5, 5, 0))
                .hasMessageContaining("toxicity 1.5 is outside [0, 1]");
        assertThatThrownBy(() -> ToxicStream.parse("sideways"))
                .isInstanceOf(dev.firedrill.harness.FaultException.class)
                .hasMessageContaining("sideways");
        assertThatThrownBy(() -> Toxic.of("x", "gremlin", DOWNSTREAM, 1.0, java.util.Map.of()))
                .hasMessageContaining("invalid toxic type 'gremlin'");
        link.addToxic(new LatencyToxic("dup", DOWNSTREAM, 1.0, 5, 0));
        assertThatThrownBy(() -> link.addToxic(new LatencyToxic("dup", UPSTREAM, 1.0, 5, 0)))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> link.removeToxic("ghost")).hasMessageContaining("no toxic named 'ghost'");
    }

    @Test
    void resetToxicsRemovesEveryToxic() throws IOException {
        link.addToxic(new TimeoutToxic("hole", DOWNSTREAM, 1.0, 0));
        link.resetToxics();
        assertThat(link.toxics()).isEmpty();
        try (Socket s = connect(link.listenAddress(), 2_000)) {
            assertThat(roundTrip(s, pattern(10))).isEqualTo(pattern(10));
        }
    }
}

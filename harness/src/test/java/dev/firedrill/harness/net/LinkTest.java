package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.Clients.connect;
import static dev.firedrill.harness.net.Clients.pattern;
import static dev.firedrill.harness.net.Clients.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.ProvisioningException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LinkTest {
    private EchoServer echo;
    private Link link;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        link = Link.open("db-writer", echo.address(), 0, 42L);
    }

    @AfterEach
    void stop() throws IOException {
        link.close();
        echo.close();
    }

    @Test
    void forwardsBytesBothWaysAndCountsThem() throws IOException {
        byte[] payload = pattern(100_000);
        try (Socket s = connect(link.listenAddress(), 2_000)) {
            assertThat(roundTrip(s, payload)).isEqualTo(payload);
            assertThat(link.stats().connectionsActive()).isEqualTo(1);
        }
        LinkStats stats = link.stats();
        assertThat(stats.connectionsTotal()).isEqualTo(1);
        assertThat(stats.bytesUpstream()).isEqualTo(100_000);
        assertThat(stats.bytesDownstream()).isEqualTo(100_000);
        assertThat(link.listenAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void heldConnectionsWaitForTheUpstreamToStartThenFlow() throws Exception {
        int notYet;
        try (ServerSocket reserve = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            notYet = reserve.getLocalPort(); // nothing listens there: the upstream "has not started"
        }
        var started = new java.util.concurrent.CompletableFuture<Void>();
        try (Link held = Link.open("app-1_sqs", new java.net.InetSocketAddress("127.0.0.1", notYet), 0, 7L)) {
            held.holdUntil(started);
            try (Socket early = connect(held.listenAddress(), 300)) {
                early.getOutputStream().write(pattern(10));
                assertThatThrownBy(() -> early.getInputStream().read()).as("nothing goes upstream while held")
                        .isInstanceOf(SocketTimeoutException.class);
                held.setUpstreams(List.of(echo.address())); // the component came up (here: somewhere else)
                started.complete(null);
                early.setSoTimeout(2_000);
                assertThat(early.getInputStream().readNBytes(10)).as("the bytes sent while held arrive")
                        .isEqualTo(pattern(10));
            }
            try (Socket after = connect(held.listenAddress(), 2_000)) {
                assertThat(roundTrip(after, pattern(10))).isEqualTo(pattern(10));
            }
        }
    }

    @Test
    void heldConnectionsAreResetWhenTheUpstreamFailsToStart() throws Exception {
        var started = new java.util.concurrent.CompletableFuture<Void>();
        link.holdUntil(started);
        try (Socket early = connect(link.listenAddress(), 2_000)) {
            early.getOutputStream().write(pattern(10));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (link.stats().connectionsActive() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5); // accepted (and held) before the upstream fails
            }
            started.completeExceptionally(new IllegalStateException("ElasticMQ did not start"));
            assertThatThrownBy(() -> {
                if (early.getInputStream().read() < 0) {
                    throw new SocketException("closed");
                }
            }).as("reset, never forwarded").isInstanceOf(SocketException.class);
        }
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void blackholeMakesClientReadTimeOutOnNewAndExistingConnections() throws IOException {
        try (Socket existing = connect(link.listenAddress(), 300)) {
            roundTrip(existing, pattern(10));
            link.block(BlockMode.BLACKHOLE);
            try (Socket fresh = connect(link.listenAddress(), 300)) {
                assertThatThrownBy(() -> roundTrip(fresh, pattern(10))).isInstanceOf(SocketTimeoutException.class);
            }
            assertThatThrownBy(() -> roundTrip(existing, pattern(10))).isInstanceOf(SocketTimeoutException.class);
            link.block(BlockMode.NONE);
        }
        try (Socket after = connect(link.listenAddress(), 2_000)) {
            assertThat(roundTrip(after, pattern(10))).as("traffic flows again after the block is lifted")
                    .isEqualTo(pattern(10));
        }
    }

    @Test
    void rejectResetsNewAndExistingConnectionsQuickly() throws IOException {
        try (Socket existing = connect(link.listenAddress(), 5_000)) {
            roundTrip(existing, pattern(10));
            long t0 = System.nanoTime();
            link.block(BlockMode.REJECT);
            assertThatThrownBy(() -> {
                roundTrip(existing, pattern(10));
                roundTrip(existing, pattern(10));
            }).isInstanceOf(IOException.class);
            try (Socket fresh = connect(link.listenAddress(), 5_000)) {
                assertThatThrownBy(() -> {
                    fresh.getOutputStream().write(pattern(10));
                    if (fresh.getInputStream().read() < 0) {
                        throw new SocketException("closed");
                    }
                }).isInstanceOf(IOException.class);
            } catch (SocketException refusedOrReset) {
                // also fail-fast
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).as("REJECT must fail fast, not time out")
                    .isLessThan(3_000);
        }
    }

    @Test
    void securityGroupDenialBlackholesUntilAllowed() throws IOException {
        link.denyBySecurityGroup("sg-app → sg-db tcp/5432");
        assertThat(link.blockMode()).isEqualTo(BlockMode.BLACKHOLE);
        assertThat(link.securityGroupDenial()).contains("sg-app → sg-db tcp/5432");
        List<String> denied = new CopyOnWriteArrayList<>();
        link.addListener(new LinkListener() {
            @Override
            public void denied(Link l, java.net.InetSocketAddress client, String reason) {
                denied.add(reason);
            }
        });
        try (Socket s = connect(link.listenAddress(), 300)) {
            assertThatThrownBy(() -> roundTrip(s, pattern(10))).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(denied).singleElement().asString().contains("sg-app → sg-db tcp/5432");
        link.allowBySecurityGroup();
        try (Socket s = connect(link.listenAddress(), 2_000)) {
            assertThat(roundTrip(s, pattern(10))).isEqualTo(pattern(10));
        }
    }

    @Test
    void setUpstreamsFlipsWhereNewConnectionsGo() throws IOException {
        try (EchoServer other = new EchoServer(); Socket before = connect(link.listenAddress(), 2_000)) {
            roundTrip(before, pattern(10));
            link.setUpstreams(List.of(other.address()));
            try (Socket after = connect(link.listenAddress(), 2_000)) {
                roundTrip(after, pattern(10));
            }
            assertThat(roundTrip(before, pattern(10))).as("live connections stay where they are")
                    .isEqualTo(pattern(10));
            assertThat(echo.accepted()).isEqualTo(1);
            assertThat(other.accepted()).isEqualTo(1);
        }
    }

    @Test
    void severalUpstreamsGetNewConnectionsRoundRobin() throws IOException {
        try (EchoServer other = new EchoServer()) {
            link.setUpstreams(List.of(echo.address(), other.address()));
            for (int i = 0; i < 4; i++) {
                try (Socket s = connect(link.listenAddress(), 2_000)) {
                    roundTrip(s, pattern(10));
                }
            }
            assertThat(echo.accepted()).isEqualTo(2);
            assertThat(other.accepted()).isEqualTo(2);
        }
    }

    @Test
    void cutConnectionsClosesLiveOnesButAcceptsNewOnes() throws IOException {
        try (Socket s = connect(link.listenAddress(), 2_000)) {
            roundTrip(s, pattern(10));
            link.cutConnections();
            assertThatThrownBy(() -> {
                if (s.getInputStream().read() < 0) {
                    throw new SocketException("closed");
                }
            }).isInstanceOf(IOException.class);
        }
        try (Socket s = connect(link.listenAddress(), 2_000)) {
            assertThat(roundTrip(s, pattern(10))).isEqualTo(pattern(10));
        }
    }

    @Test
    void disabledLinkRefusesConnectionsAndListensAgainOnTheSamePort() throws IOException {
        int port = link.listenAddress().getPort();
        link.setEnabled(false);
        assertThat(link.isEnabled()).isFalse();
        assertThatThrownBy(() -> connect(link.listenAddress(), 500).close()).isInstanceOf(ConnectException.class);
        link.setEnabled(true);
        assertThat(link.listenAddress().getPort()).isEqualTo(port);
        try (Socket s = connect(link.listenAddress(), 2_000)) {
            assertThat(roundTrip(s, pattern(10))).isEqualTo(pattern(10));
        }
    }

    @Test
    void takenListenPortIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Link.open("redis", echo.address(), taken.getLocalPort()))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("redis")
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void emptyUpstreamsAreRejected() {
        assertThatThrownBy(() -> link.setUpstreams(List.of())).isInstanceOf(FaultException.class)
                .hasMessageContaining("non-empty");
    }
}

package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.Clients.connect;
import static dev.firedrill.harness.net.Clients.pattern;
import static dev.firedrill.harness.net.Clients.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every connection through a link leaves one flow record saying who it was, what it carried and why it ended. */
class LinkFlowIT {
    private static final long DEADLINE_NANOS = 60_000_000_000L; // generous: a busy 2-core machine

    private EchoServer echo;
    private LinkRegistry links;
    private Link link;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        links = new LinkRegistry(42L);
        link = links.open("app-1_db-writer", echo.address(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        links.close();
        echo.close();
    }

    /** Polls until a record of the client port {@code port} matching {@code ended} is there; no timed assertion. */
    private FlowRecord awaitRecord(int port, Predicate<FlowRecord> when) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            List<FlowRecord> mine = links.flows(0).stream().filter(r -> r.srcport() == port).toList();
            for (FlowRecord r : mine) {
                if (when.test(r)) {
                    return r;
                }
            }
            assertThat(System.nanoTime()).as("a flow record of port " + port + " in time; seen " + mine)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Predicate<FlowRecord> ended() {
        return r -> !r.isOpen();
    }

    @Test
    void acceptedConnectionRecordsBytesBothWaysAndWhoClosedIt() throws Exception {
        long before = System.currentTimeMillis() * 1_000_000L - 1_000_000_000L;
        int port;
        try (Socket s = connect(link.listenAddress(), 10_000)) {
            port = s.getLocalPort();
            assertThat(roundTrip(s, pattern(1_000))).isEqualTo(pattern(1_000));
            FlowRecord open = awaitRecord(port, FlowRecord::isOpen);
            assertThat(open.action()).isEqualTo("ACCEPT");
            assertThat(open.reason()).isNull();
            s.shutdownOutput();
            assertThat(s.getInputStream().read()).as("the echo server closes after our FIN").isEqualTo(-1);
        }
        FlowRecord r = awaitRecord(port, ended());
        assertThat(r.action()).isEqualTo("ACCEPT");
        assertThat(r.reason()).isEqualTo("closed by client");
        assertThat(r.bytes()).as("1000 bytes each way").isEqualTo(2_000);
        assertThat(r.packets()).as("at least one read each way").isGreaterThanOrEqualTo(2);
        assertThat(r.link()).isEqualTo("app-1_db-writer");
        assertThat(r.edge()).isEqualTo("app-1->db-writer");
        assertThat(r.srcaddr()).isEqualTo("127.0.0.1");
        assertThat(r.dstport()).isEqualTo(echo.address().getPort());
        assertThat(r.startEpochNanos()).as("wall clock").isGreaterThan(before);
        assertThat(r.endEpochNanos()).isGreaterThanOrEqualTo(r.startEpochNanos());
        assertThat(link.flows(0)).contains(r);
    }

    @Test
    void securityGroupDenialIsARejectNamingTheMissingRule() throws Exception {
        link.denyBySecurityGroup("db-sg has no ingress rule for port 5432 from app-sg (10.0.10.4)");
        int port;
        try (Socket s = connect(link.listenAddress(), 300)) {
            port = s.getLocalPort();
            assertThatThrownBy(() -> roundTrip(s, pattern(10))).isInstanceOf(SocketTimeoutException.class);
            FlowRecord open = awaitRecord(port, FlowRecord::isOpen);
            assertThat(open.action()).as("held, never relayed: rejected while still open").isEqualTo("REJECT");
        }
        FlowRecord r = awaitRecord(port, ended());
        assertThat(r.action()).isEqualTo("REJECT");
        assertThat(r.reason()).isEqualTo("denied by security group: db-sg has no ingress rule for port 5432 from "
                + "app-sg (10.0.10.4)");
        assertThat(r.bytes()).as("the bytes the client sent, dropped").isEqualTo(10);
        assertThat(r.dstport()).as("where it would have gone").isEqualTo(echo.address().getPort());
    }

    @Test
    void partitionThatDropsIsARejectNamingTheFault() throws Exception {
        link.block(BlockMode.BLACKHOLE, "fault f3 partition app|db");
        int port;
        try (Socket s = connect(link.listenAddress(), 300)) {
            port = s.getLocalPort();
            assertThatThrownBy(() -> roundTrip(s, pattern(10))).isInstanceOf(SocketTimeoutException.class);
        }
        FlowRecord r = awaitRecord(port, ended());
        assertThat(r.action()).isEqualTo("REJECT");
        assertThat(r.reason()).isEqualTo("fault f3 partition app|db: dropped");
    }

    @Test
    void partitionThatRejectsIsARejectNamingTheFault() throws Exception {
        link.block(BlockMode.REJECT, "fault f5 partition app|db-writer");
        int port;
        // bound first: the reset may come before connect() returns, and the record is found by the client's port
        try (Socket s = new Socket()) {
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
            assertThatThrownBy(() -> {
                s.connect(link.listenAddress(), 5_000);
                s.setSoTimeout(5_000);
                roundTrip(s, pattern(10));
            }).isInstanceOf(IOException.class);
        }
        FlowRecord r = awaitRecord(port, ended());
        assertThat(r.action()).isEqualTo("REJECT");
        assertThat(r.reason()).isEqualTo("fault f5 partition app|db-writer: rejected");
    }

    @Test
    void liveConnectionCutByAFaultStaysAcceptWithTheFaultAsReason() throws Exception {
        int rejected;
        int failover;
        try (Socket a = connect(link.listenAddress(), 10_000); Socket b = connect(link.listenAddress(), 10_000)) {
            rejected = a.getLocalPort();
            roundTrip(a, pattern(10));
            roundTrip(b, pattern(10));
            link.cutConnections("fault f2 failover primary");
            failover = b.getLocalPort();
            awaitRecord(failover, ended());
            awaitRecord(rejected, ended());
        }
        FlowRecord cut = awaitRecord(failover, ended());
        assertThat(cut.action()).isEqualTo("ACCEPT");
        assertThat(cut.reason()).isEqualTo("fault f2 failover primary: cut");
        assertThat(cut.bytes()).isEqualTo(20);

        try (Socket c = connect(link.listenAddress(), 10_000)) {
            int port = c.getLocalPort();
            roundTrip(c, pattern(10));
            link.block(BlockMode.REJECT, "fault f6 partition app|db");
            FlowRecord r = awaitRecord(port, ended());
            assertThat(r.action()).isEqualTo("ACCEPT");
            assertThat(r.reason()).isEqualTo("fault f6 partition app|db: cut");
        }
    }

    @Test
    void blackholeOnALiveConnectionIsNamedBeforeHowItEnded() throws Exception {
        int port;
        try (Socket s = connect(link.listenAddress(), 300)) {
            port = s.getLocalPort();
            roundTrip(s, pattern(10));
            link.block(BlockMode.BLACKHOLE, "fault f3 partition app|db");
            assertThatThrownBy(() -> roundTrip(s, pattern(10))).isInstanceOf(SocketTimeoutException.class);
        }
        FlowRecord r = awaitRecord(port, ended());
        assertThat(r.action()).isEqualTo("ACCEPT");
        assertThat(r.reason()).startsWith("fault f3 partition app|db: dropped; then ");
    }

    @Test
    void timeoutToxicEndsTheConnectionWithTheFaultAsReason() throws Exception {
        link.addToxic(new TimeoutToxic("timeout_upstream", ToxicStream.UPSTREAM, 1.0, 200),
                "fault f4 timeout app->db-writer");
        int port;
        try (Socket s = connect(link.listenAddress(), 30_000)) {
            port = s.getLocalPort();
            s.getOutputStream().write(pattern(10));
            assertThat(s.getInputStream().read()).as("closed by the toxic, nothing echoed").isEqualTo(-1);
        }
        FlowRecord r = awaitRecord(port, ended());
        assertThat(r.action()).isEqualTo("ACCEPT");
        assertThat(r.reason()).isEqualTo("fault f4 timeout app->db-writer: timed out by timeout toxic "
                + "'timeout_upstream' after 200 ms");
    }

    @Test
    void unreachableUpstreamIsAnAcceptThatSaysTheUpstreamRefused() throws Exception {
        int closedPort;
        try (ServerSocket ss = new ServerSocket(0)) {
            closedPort = ss.getLocalPort();
        }
        Link dead = links.open("app-1_redis", new java.net.InetSocketAddress("127.0.0.1", closedPort), 0);
        int port;
        try (Socket s = connect(dead.listenAddress(), 30_000)) {
            port = s.getLocalPort();
            assertThatThrownBy(() -> roundTrip(s, pattern(10))).isInstanceOf(IOException.class);
        }
        FlowRecord r = awaitRecord(port, ended());
        assertThat(r.action()).isEqualTo("ACCEPT");
        assertThat(r.reason()).startsWith("upstream refused: 127.0.0.1:" + closedPort);
        assertThat(r.edge()).isEqualTo("app-1->redis");
    }

    @Test
    void theRegistryKeepsTheLastRecordsAndCountsTheDropped() throws Exception {
        try (LinkRegistry small = new LinkRegistry(1L, 3)) {
            Link l = small.open("alb_app-1", echo.address(), 0);
            int last = 0;
            for (int i = 0; i < 5; i++) {
                try (Socket s = connect(l.listenAddress(), 10_000)) {
                    roundTrip(s, pattern(10));
                    last = s.getLocalPort();
                }
            }
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (small.flowLog().total() < 5) {
                assertThat(System.nanoTime()).as("five records in time").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(small.flows(0)).hasSize(3).extracting(FlowRecord::srcport).contains(last);
            assertThat(small.flowLog().dropped()).isEqualTo(2);
            long future = System.currentTimeMillis() * 1_000_000L + 3_600_000_000_000L;
            assertThat(small.flows(future)).as("ended before since: left out").isEmpty();
        }
    }
}

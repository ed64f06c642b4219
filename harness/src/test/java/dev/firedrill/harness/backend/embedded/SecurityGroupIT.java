package dev.firedrill.harness.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.testapp.TestTopologies;
import dev.firedrill.harness.topology.IngressRule;
import dev.firedrill.harness.topology.SecurityGroup;
import dev.firedrill.harness.topology.Topology;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A connection on an edge the security groups deny is dropped the AWS way: the client times out. */
class SecurityGroupIT {
    @Test
    void anEdgeTheSecurityGroupsDenyTimesOutWhileAllowedEdgesWork() throws Exception {
        Topology t = TestTopologies.withTestServers(1, 0.01).toBuilder().securityGroups(List.of(
                new SecurityGroup("alb-sg", List.of(IngressRule.fromCidr(80, "0.0.0.0/0"))),
                new SecurityGroup("app-sg", List.of(IngressRule.fromGroup(8080, "alb-sg"))),
                new SecurityGroup("db-sg", List.of(IngressRule.fromGroup(5432, "app-sg"),
                        IngressRule.fromGroup(5432, "db-sg"))),
                // the mistake under test: Redis only admits the load balancer, not the app tier
                new SecurityGroup("cache-sg", List.of(IngressRule.fromGroup(6379, "alb-sg"))))).build();
        try (EmbeddedDeployment d = new EmbeddedBackend().deploy(t)) {
            Link denied = d.link("app-1", "redis");
            assertThat(denied.securityGroupDenial()).hasValueSatisfying(rule -> assertThat(rule)
                    .contains("cache-sg has no ingress rule for port 6379 from app-sg"));
            int port;
            try (Socket s = new Socket("127.0.0.1", denied.listenAddress().getPort())) {
                port = s.getLocalPort();
                s.setSoTimeout(1000);
                s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                assertThatThrownBy(in::read).as("no answer: packets are dropped").isInstanceOf(SocketTimeoutException.class);
            }
            FlowRecord flow = awaitEnded(d, port);
            assertThat(flow.action()).isEqualTo("REJECT");
            assertThat(flow.edge()).isEqualTo("app-1->redis");
            assertThat(flow.reason()).as("the flow log names the missing rule")
                    .startsWith("denied by security group: cache-sg has no ingress rule for port 6379 from app-sg");
            Link allowed = d.link("app-1", "db-writer");
            assertThat(allowed.securityGroupDenial()).isEmpty();
            try (Socket s = new Socket("127.0.0.1", d.link("client", "redis").listenAddress().getPort())) {
                s.setSoTimeout(2000);
                s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[7];
                int n = s.getInputStream().read(buf);
                assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).as("the host's own path is not in the VPC")
                        .startsWith("+PONG");
            }
        }
    }

    /** The flow record of the client port {@code port} once its connection ended; polls, no timed assertion. */
    private static FlowRecord awaitEnded(EmbeddedDeployment d, int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            for (FlowRecord r : d.linkRegistry().flows(0)) {
                if (r.srcport() == port && !r.isOpen()) {
                    return r;
                }
            }
            assertThat(System.nanoTime()).as("a flow record of port " + port + " in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}

package dev.firedrill.harness.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.report.internal.TopologyLayout.Box;
import dev.firedrill.harness.report.internal.TopologyLayout.Line;
import dev.firedrill.harness.topology.Topology;
import org.junit.jupiter.api.Test;

class TopologyLayoutTest {
    private final TopologyLayout l = TopologyLayout.of(Topology.defaults());

    @Test
    void theDefaultTopologyIsLaidOutAtPinnedPlaces() {
        assertThat(l.vpc()).isEqualTo(new Box("vpc", "VPC 10.0.0.0/16", "us-east-1", 10, 28, 616, 346));
        assertThat(l.azs().keySet()).containsExactly("us-east-1a", "us-east-1b");
        assertThat(l.azs().get("us-east-1b").x()).as("one column per AZ, in the VPC's order").isEqualTo(324);
        assertThat(l.components().get("app-1")).isEqualTo(new Box("app-1", "app-1", "app instance", 39, 186, 122, 36));
        assertThat(l.components().get("app-3").x()).as("app-3 shares private-a with app-1").isEqualTo(171);
        assertThat(l.components().get("app-2").x()).isEqualTo(341);
        assertThat(l.components().get("db-primary").y()).as("data under the apps, past the free band")
                .isEqualTo(278);
        assertThat(l.components().get("db-replica-1").y()).isEqualTo(278);
        assertThat(l.width()).isEqualTo(820);
        assertThat(l.height()).isEqualTo(384);
        assertThat(l.components().get("sqs")).isEqualTo(new Box("sqs", "sqs (regional)", "jobs, jobs-dlq", 650, 236,
                160, 62));
    }

    @Test
    void theAlbSpansItsPublicSubnetsAndSqsSitsOutsideTheVpc() {
        Box alb = l.components().get("alb");
        Box a = l.subnets().get("public-a");
        Box b = l.subnets().get("public-b");
        assertThat(alb.x()).isGreaterThan(a.x()).isLessThan(a.x() + 20);
        assertThat(alb.x() + alb.w()).isGreaterThan(b.x() + b.w() - 20).isLessThan(b.x() + b.w());
        Box sqs = l.components().get("sqs");
        assertThat(sqs.x()).as("a regional service, right of the VPC").isGreaterThan(l.vpc().x() + l.vpc().w());
        assertThat(sqs.detail()).isEqualTo("jobs, jobs-dlq");
    }

    @Test
    void everyEdgeOfTheStackButTheHostsClientsIsDrawn() {
        assertThat(l.lines()).extracting(Line::edge).containsExactlyInAnyOrder(
                "db-replica-1->db-primary",
                "app-1->db-writer", "app-1->db-reader", "app-1->redis", "app-1->sqs",
                "app-2->db-writer", "app-2->db-reader", "app-2->redis", "app-2->sqs",
                "app-3->db-writer", "app-3->db-reader", "app-3->redis", "app-3->sqs",
                "alb->app-1", "alb->app-2", "alb->app-3");
        Line w = l.lines().stream().filter(x -> x.edge().equals("app-2->db-writer")).findFirst().orElseThrow();
        assertThat(w.to()).as("the writer endpoint is drawn to the primary").isEqualTo("db-primary");
        Line r = l.lines().stream().filter(x -> x.edge().equals("app-1->db-reader")).findFirst().orElseThrow();
        assertThat(r.to()).isEqualTo("db-replica-1");
        assertThat(w.d()).isEqualTo("M402 222 L100 278");
    }

    @Test
    void layoutIsAPureFunctionOfTheTopology() {
        TopologyLayout again = TopologyLayout.of(Topology.defaults());
        assertThat(again.components()).isEqualTo(l.components());
        assertThat(again.lines()).isEqualTo(l.lines());
    }
}

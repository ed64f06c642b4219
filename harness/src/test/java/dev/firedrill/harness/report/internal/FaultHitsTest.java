package dev.firedrill.harness.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.topology.Topology;
import org.junit.jupiter.api.Test;

class FaultHitsTest {
    private final Targets t = Targets.of(Topology.defaults());

    private FaultHits hits(String kind, String target) {
        return FaultHits.of(new FaultWindow("f1", kind, target, 0, 0, 1, true), t);
    }

    @Test
    void instancesAreComponents() {
        assertThat(hits("kill", "app-1,app-2").components()).containsExactlyInAnyOrder("app-1", "app-2");
        assertThat(hits("kill", "app-3").edges()).isEmpty();
    }

    @Test
    void edgesAreNamedAsEdgesOrAsLinks() {
        assertThat(hits("latency", "app-1->db-writer,app-2_db-writer").edges())
                .containsExactlyInAnyOrder("app-1->db-writer", "app-2->db-writer");
    }

    @Test
    void partitionSidesHitEveryEdgeBetweenThemEitherWay() {
        assertThat(hits("partition", "app|db").edges()).as("writer and reader of every instance, not the host's "
                + "clients").hasSize(6).contains("app-3->db-reader").noneMatch(e -> e.startsWith("client"));
        assertThat(hits("partition", "app|db-writer").edges())
                .containsExactlyInAnyOrder("app-1->db-writer", "app-2->db-writer", "app-3->db-writer");
        assertThat(hits("partition", "us-east-1a|us-east-1b").edges()).as("AZs as sides")
                .contains("app-1->db-reader", "app-2->db-writer", "db-replica-1->db-primary")
                .doesNotContain("app-1->db-writer");
    }

    @Test
    void anAzOutageHatchesTheAzAndMarksItsInstances() {
        FaultHits h = hits("az-outage", "az:us-east-1a");
        assertThat(h.azs()).containsExactly("us-east-1a");
        assertThat(h.components()).containsExactlyInAnyOrder("app-1", "app-3");
        assertThat(hits("az-outage", "us-east-1a").azs()).containsExactly("us-east-1a");
    }

    @Test
    void whatCannotBePlacedIsKeptToSaySo() {
        FaultHits h = hits("kill", "app-9,nowhere|app");
        assertThat(h.isEmpty()).isTrue();
        assertThat(h.unplaced()).containsExactly("app-9", "nowhere|app");
    }
}

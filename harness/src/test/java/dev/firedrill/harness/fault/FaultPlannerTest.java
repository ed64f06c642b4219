package dev.firedrill.harness.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.net.BlockMode;
import dev.firedrill.harness.topology.Topology;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaultPlannerTest {
    final Topology t = Topology.defaults();

    static Fault fault(String kind, String target, Map<String, String> options) {
        return FaultSpec.of(kind, target, null, options).toFault();
    }

    @Test
    void aMisspelledEdgeEndIsRejectedWithTheCorrectedEdge() {
        assertThatThrownBy(() -> FaultPlanner.check(t, fault("latency", "app->db-writr", Map.of("latency", "300ms"))))
                .isInstanceOf(FaultException.class).hasMessageContaining("unknown component, tier or AZ 'db-writr'")
                .hasMessageContaining("did you mean 'app->db-writer'?");
        assertThatThrownBy(() -> FaultPlanner.check(t, fault("partition", "ap|db", Map.of())))
                .hasMessageContaining("did you mean 'app|db'?");
    }

    @Test
    void anEdgeInTheWrongDirectionSuggestsTheReverse() {
        assertThatThrownBy(() -> FaultPlanner.check(t, fault("latency", "db->app", Map.of("latency", "1ms"))))
                .hasMessageContaining("matches no edge").hasMessageContaining("did you mean 'app->db'?");
    }

    @Test
    void aLinkNameThatDoesNotExistSuggestsTheClosestLink() {
        assertThatThrownBy(() -> FaultPlanner.check(t, fault("latency", "app-1_db-writr", Map.of("latency", "1ms"))))
                .hasMessageContaining("did you mean 'app-1->db-writer'?");
    }

    @Test
    void instanceReplicaAndAzNamesAreCheckedAgainstTheTopology() {
        assertThatThrownBy(() -> FaultPlanner.check(t, fault("kill", "app-9", Map.of())))
                .hasMessageContaining("unknown instance 'app-9'").hasMessageContaining("app-1, app-2, app-3");
        assertThatThrownBy(() -> FaultPlanner.check(t, fault("kill", "count(9)", Map.of())))
                .hasMessageContaining("only 3");
        assertThatThrownBy(() -> FaultPlanner.check(t, fault("replica-lag", "db-replica-2", Map.of())))
                .hasMessageContaining("did you mean 'db-replica-1'?");
        assertThatThrownBy(() -> FaultPlanner.check(t, fault("az-outage", "us-east-1c", Map.of())))
                .hasMessageContaining("unknown AZ 'us-east-1c'");
        assertThatThrownBy(() -> FaultPlanner.check(t.toBuilder().replicas(0).build(), fault("failover", "primary",
                Map.of()))).hasMessageContaining("needs a replica");
    }

    @Test
    void everyBuiltInKindOfTargetThatExistsPasses() {
        assertThatNoException().isThrownBy(() -> {
            FaultPlanner.check(t, fault("latency", "app->db-writer", Map.of("latency", "1ms")));
            FaultPlanner.check(t, fault("latency", "app-*_db-writer", Map.of("latency", "1ms")));
            FaultPlanner.check(t, fault("partition", "app|db-writer", Map.of()));
            FaultPlanner.check(t, fault("kill", "random", Map.of()));
            FaultPlanner.check(t, fault("stop", "az(us-east-1b)", Map.of()));
            FaultPlanner.check(t, fault("replica-lag", "all", Map.of()));
            FaultPlanner.check(t, fault("failover", "primary", Map.of()));
            FaultPlanner.check(t, fault("az-outage", "us-east-1a", Map.of()));
        });
    }

    @Test
    void theTopologysEdgesAreEveryConnectionOfTheStack() {
        assertThat(Targets.of(t).edges().stream().map(Edge::toString).toList()).contains("client->sqs",
                "db-replica-1->db-primary", "client->db-writer", "app-1->db-writer", "app-3->db-reader",
                "app-2->redis", "app-1->sqs", "alb->app-3").hasSize(20);
    }

    static FaultPlan plan(String kind, String target, Map<String, String> options, long seed) {
        return FaultPlanner.plan(fault(kind, target, options), Targets.of(Topology.defaults()),
                new SplittableRandom(seed), null);
    }

    @Test
    void theSameSeedPicksTheSameTargetsAndOtherSeedsPickOthers() {
        assertThat(plan("kill", "random", Map.of(), 1).targets()).isEqualTo(plan("kill", "random", Map.of(), 1).targets());
        Set<List<String>> picked = new HashSet<>();
        for (long seed = 1; seed <= 20; seed++) {
            picked.add(plan("kill", "random", Map.of(), seed).targets());
        }
        assertThat(picked).as("20 seeds over 3 instances").hasSizeGreaterThan(1);
    }

    @Test
    void aFailoversDetectionDelayIsDrawnFromTheProfileWithTheSeed() {
        FaultAction.Promote a = (FaultAction.Promote) plan("failover", "primary", Map.of(), 7).actions().get(0);
        FaultAction.Promote b = (FaultAction.Promote) plan("failover", "primary", Map.of(), 7).actions().get(0);
        assertThat(a.awsDelayMs()).isEqualTo(b.awsDelayMs()).isBetween(a.profile().min().toMillis(),
                a.profile().max().toMillis());
        assertThat(a.replica()).isEqualTo("db-replica-1");
        Set<Long> delays = new HashSet<>();
        for (long seed = 1; seed <= 10; seed++) {
            delays.add(((FaultAction.Promote) plan("failover", "primary", Map.of(), seed).actions().get(0)).awsDelayMs());
        }
        assertThat(delays).hasSizeGreaterThan(1);
    }

    @Test
    void anAzOutageKillsTheInstancesThereCutsItsEdgesAndFailsOverAPrimaryThere() {
        FaultPlan p = plan("az-outage", "us-east-1a", Map.of(), 1);
        assertThat(p.actions()).filteredOn(a -> a instanceof FaultAction.Signal).extracting(a ->
                ((FaultAction.Signal) a).instance()).containsExactly("app-1", "app-3");
        List<String> blocked = p.actions().stream().filter(a -> a instanceof FaultAction.Block)
                .map(a -> ((FaultAction.Block) a).edge().toString()).toList();
        assertThat(blocked).contains("alb->app-1", "app-1->redis", "db-replica-1->db-primary")
                .doesNotContain("alb->app-2", "app-2->db-writer", "app-1->db-writer");
        assertThat(p.actions().get(p.actions().size() - 1)).isInstanceOfSatisfying(FaultAction.Promote.class,
                a -> assertThat(a.standalone()).isFalse());
    }

    @Test
    void aPartitionBlocksBothDirectionsUnlessOneWay() {
        FaultPlan both = plan("partition", "tier:app|tier:db", Map.of("mode", "reject"), 1);
        assertThat(both.actions()).allSatisfy(a -> assertThat(((FaultAction.Block) a).mode())
                .isEqualTo(BlockMode.REJECT)).hasSize(6);
        assertThat(both.kinds()).containsExactly(FaultAction.Kind.BLOCK_RESET);
    }

    @Test
    void anActionTheBackendLacksIsRefusedNamingTheBackendAndWhatItCanDo() {
        FaultPlan p = plan("pause", "app-1", Map.of(), 1);
        assertThatThrownBy(() -> FaultPlanner.requireSupported(p, "aws", Set.of(FaultAction.Kind.KILL_INSTANCE,
                FaultAction.Kind.STOP_INSTANCE))).isInstanceOf(FaultException.class)
                .hasMessageContaining("'aws' backend cannot").hasMessageContaining("pause-instance")
                .hasMessageContaining("kill-instance");
    }
}

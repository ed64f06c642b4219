package dev.firedrill.harness.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.topology.Topology;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultTargetsTest {
    final Topology t = Topology.defaults();

    static Fault fault(String kind, String target, Map<String, String> options) {
        return FaultSpec.of(kind, target, null, options).toFault();
    }

    @Test
    void aMisspelledEdgeEndIsRejectedWithTheCorrectedEdge() {
        assertThatThrownBy(() -> FaultTargets.check(t, fault("latency", "app->db-writr", Map.of("latency", "300ms"))))
                .isInstanceOf(FaultException.class).hasMessageContaining("unknown component, tier or AZ 'db-writr'")
                .hasMessageContaining("did you mean 'app->db-writer'?");
        assertThatThrownBy(() -> FaultTargets.check(t, fault("partition", "ap|db", Map.of())))
                .hasMessageContaining("did you mean 'app|db'?");
    }

    @Test
    void anEdgeInTheWrongDirectionSuggestsTheReverse() {
        assertThatThrownBy(() -> FaultTargets.check(t, fault("latency", "db->app", Map.of("latency", "1ms"))))
                .hasMessageContaining("matches no link").hasMessageContaining("did you mean 'app->db'?");
    }

    @Test
    void aLinkNameThatDoesNotExistSuggestsTheClosestLink() {
        assertThatThrownBy(() -> FaultTargets.check(t, fault("latency", "app-1_db-writr", Map.of("latency", "1ms"))))
                .hasMessageContaining("did you mean 'app-1_db-writer'?");
    }

    @Test
    void instanceReplicaAndAzNamesAreCheckedAgainstTheTopology() {
        assertThatThrownBy(() -> FaultTargets.check(t, fault("kill", "app-9", Map.of())))
                .hasMessageContaining("unknown instance 'app-9'").hasMessageContaining("app-1, app-2, app-3");
        assertThatThrownBy(() -> FaultTargets.check(t, fault("kill", "count(9)", Map.of())))
                .hasMessageContaining("only 3");
        assertThatThrownBy(() -> FaultTargets.check(t, fault("replica-lag", "db-replica-2", Map.of())))
                .hasMessageContaining("did you mean 'db-replica-1'?");
        assertThatThrownBy(() -> FaultTargets.check(t, fault("az-outage", "us-east-1c", Map.of())))
                .hasMessageContaining("unknown AZ 'us-east-1c'");
        assertThatThrownBy(() -> FaultTargets.check(t.toBuilder().replicas(0).build(), fault("failover", "primary",
                Map.of()))).hasMessageContaining("needs a replica");
    }

    @Test
    void everyBuiltInKindOfTargetThatExistsPasses() {
        assertThatNoException().isThrownBy(() -> {
            FaultTargets.check(t, fault("latency", "app->db-writer", Map.of("latency", "1ms")));
            FaultTargets.check(t, fault("latency", "app-*_db-writer", Map.of("latency", "1ms")));
            FaultTargets.check(t, fault("partition", "app|db-writer", Map.of()));
            FaultTargets.check(t, fault("kill", "random", Map.of()));
            FaultTargets.check(t, fault("stop", "az(us-east-1b)", Map.of()));
            FaultTargets.check(t, fault("replica-lag", "all", Map.of()));
            FaultTargets.check(t, fault("failover", "primary", Map.of()));
            FaultTargets.check(t, fault("az-outage", "us-east-1a", Map.of()));
        });
    }

    @Test
    void thePlannedLinksAreEveryEdgeOfTheTopology() {
        assertThat(FaultTargets.linkNames(t)).contains("client_sqs", "db-replica-1_db-primary", "client_db-writer",
                "app-1_db-writer", "app-3_db-reader", "app-2_redis", "app-1_sqs", "alb_app-3").hasSize(20);
    }
}

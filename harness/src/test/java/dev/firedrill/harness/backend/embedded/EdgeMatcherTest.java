package dev.firedrill.harness.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Topology;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EdgeMatcherTest {
    final Map<String, ComponentSpec> specs = Topology.defaults().components().stream()
            .collect(Collectors.toMap(ComponentSpec::name, Function.identity()));
    final EdgeMatcher m = new EdgeMatcher(specs, "db-primary", List.of("db-replica-1"));

    @Test
    void endpointsBelongToTheServersBehindThemAndTheirAzs() {
        assertThat(m.groups("db-writer")).contains("db", "db-writer", "db-primary", "us-east-1a")
                .doesNotContain("us-east-1b");
        assertThat(m.groups("db-reader")).contains("db", "db-replica-1", "us-east-1b");
        assertThat(m.groups("app-2")).contains("app", "us-east-1b");
    }

    @Test
    void edgesMatchByComponentTierOrAzInTheirDirection() {
        assertThat(m.matches("app-1_db-writer", List.of("app"), List.of("db"))).isTrue();
        assertThat(m.matches("app-1_db-writer", List.of("db"), List.of("app"))).as("direction matters").isFalse();
        assertThat(m.matches("alb_app-2", List.of("alb"), List.of("us-east-1b"))).isTrue();
        assertThat(m.matches("alb_app-1", List.of("alb"), List.of("us-east-1b"))).isFalse();
        assertThat(m.matches("db-replica-1_db-primary", List.of("db-replica-1"), List.of("db-primary"))).isTrue();
    }

    @Test
    void afterAFailoverTheWriterFollowsThePromotedReplica() {
        EdgeMatcher after = new EdgeMatcher(specs, "db-replica-1", List.of());
        assertThat(after.groups("db-writer")).contains("db-replica-1", "us-east-1b");
        assertThat(after.groups("db-reader")).as("no replica left: reads go to the primary").contains("db-replica-1");
    }
}

package dev.firedrill.harness.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeMatcherTest {
    final Targets targets = Targets.of(Topology.defaults());
    final EdgeMatcher m = new EdgeMatcher(targets);

    static Edge e(String source, String target) {
        return new Edge(source, target);
    }

    @Test
    void endpointsBelongToTheServersBehindThemAndTheirAzs() {
        assertThat(m.groups("db-writer")).contains("db", "db-writer", "db-primary", "us-east-1a")
                .doesNotContain("us-east-1b");
        assertThat(m.groups("db-reader")).contains("db", "db-replica-1", "us-east-1b");
        assertThat(m.groups("app-2")).contains("app", "us-east-1b");
    }

    @Test
    void edgesMatchByComponentTierOrAzInTheirDirection() {
        assertThat(m.matches(e("app-1", "db-writer"), List.of("app"), List.of("db"))).isTrue();
        assertThat(m.matches(e("app-1", "db-writer"), List.of("db"), List.of("app"))).as("direction matters").isFalse();
        assertThat(m.matches(e("alb", "app-2"), List.of("alb"), List.of("us-east-1b"))).isTrue();
        assertThat(m.matches(e("alb", "app-1"), List.of("alb"), List.of("us-east-1b"))).isFalse();
        assertThat(m.matches(e("db-replica-1", "db-primary"), List.of("db-replica-1"), List.of("db-primary"))).isTrue();
    }

    @Test
    void afterAFailoverTheWriterFollowsThePromotedReplica() {
        // the promoted replica is the primary now; the old primary is gone
        List<ComponentSpec> now = targets.components().stream().filter(c -> !c.name().equals("db-primary"))
                .map(c -> c.name().equals("db-replica-1") ? new ComponentSpec(c.name(), ComponentKind.DB_PRIMARY,
                        c.az(), c.subnet(), c.securityGroup(), c.port()) : c).toList();
        EdgeMatcher after = new EdgeMatcher(new Targets(now, targets.edges(), targets.azs()));
        assertThat(after.groups("db-writer")).contains("db-replica-1", "us-east-1b");
        assertThat(after.groups("db-reader")).as("no replica left: reads go to the primary").contains("db-replica-1");
    }

    @Test
    void tiersAndAzsCanBeWrittenWithTheirPrefixAndComponentsAsGlobs() {
        assertThat(m.matches(e("app-1", "db-writer"), List.of("tier:app"), List.of("tier:db"))).isTrue();
        assertThat(m.matches(e("alb", "app-2"), List.of("alb"), List.of("az:us-east-1b"))).isTrue();
        assertThat(m.matches(e("alb", "app-1"), List.of("alb"), List.of("az:us-east-1b"))).isFalse();
        assertThat(m.matches(e("app-2", "redis"), List.of("app-*"), List.of("redis"))).isTrue();
        assertThat(m.isKnown("tier:app")).isTrue();
        assertThat(m.isKnown("tier:us-east-1a")).as("an AZ is not a tier").isFalse();
        assertThat(m.isKnown("az:app")).as("a tier is not an AZ").isFalse();
        assertThat(m.isKnown("app-*")).isTrue();
        assertThat(m.isKnown("web-*")).isFalse();
    }
}

package dev.firedrill.harness.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SecurityGroupRulesTest {
    final Topology t = Topology.defaults();
    final Map<String, ComponentSpec> c = t.components().stream()
            .collect(Collectors.toMap(ComponentSpec::name, Function.identity()));
    final SecurityGroupRules rules = new SecurityGroupRules(t);

    @Test
    void theDefaultChainAllowsAlbToAppToDbAndRedis() {
        assertThat(rules.missingRule(c.get("alb"), c.get("app-1"))).isEmpty();
        assertThat(rules.missingRule(c.get("app-1"), c.get("db-primary"))).isEmpty();
        assertThat(rules.missingRule(c.get("app-2"), c.get("redis"))).isEmpty();
        assertThat(rules.missingRule(c.get("db-replica-1"), c.get("db-primary"))).as("replication").isEmpty();
    }

    @Test
    void skippingATierIsDeniedWithTheMissingRuleNamed() {
        assertThat(rules.missingRule(c.get("alb"), c.get("db-primary")))
                .hasValueSatisfying(m -> assertThat(m).contains("db-sg has no ingress rule for port 5432 from alb-sg"));
    }

    @Test
    void cidrRulesMatchTheSimulatedPrivateAddress() {
        Topology open = t.toBuilder().securityGroups(List.of(
                new SecurityGroup("alb-sg", List.of()), new SecurityGroup("app-sg", List.of()),
                new SecurityGroup("db-sg", List.of(IngressRule.fromCidr(5432, "10.0.10.0/24"))),
                new SecurityGroup("cache-sg", List.of()))).build();
        SecurityGroupRules r = new SecurityGroupRules(open);
        assertThat(r.privateIp("app-1")).startsWith("10.0.10.");
        assertThat(r.missingRule(c.get("app-1"), c.get("db-primary"))).as("app-1 is in private-a").isEmpty();
        assertThat(r.missingRule(c.get("app-2"), c.get("db-primary"))).as("app-2 is in private-b").isPresent();
    }
}

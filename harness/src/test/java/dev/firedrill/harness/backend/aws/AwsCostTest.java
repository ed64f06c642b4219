package dev.firedrill.harness.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firedrill.harness.topology.FailoverProfile;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AwsCostTest {
    static Map<String, AwsCost.Item> byName(AwsCost c) {
        return c.items().stream().collect(Collectors.toMap(AwsCost.Item::name, i -> i));
    }

    @Test
    void theDefaultTopologyCostsItsItemsAnHourAndSevenHundredThirtyOfThemAMonth() {
        AwsCost c = AwsCost.of(Topology.defaults(), null);
        Map<String, AwsCost.Item> items = byName(c);
        assertThat(items.get("EC2 t3.micro (fleet app)").perHour()).isCloseTo(3 * 0.0104, within(1e-9));
        assertThat(items.get("Application Load Balancer").perHour()).isEqualTo(0.0225);
        assertThat(items.get("ALB capacity (1 LCU assumed)").perHour()).isEqualTo(0.008);
        assertThat(items.get("NAT gateway").perHour()).isEqualTo(0.045);
        assertThat(items.get("Public IPv4 (NAT EIP + ALB, 1 per subnet)").quantity()).as("NAT EIP + 2 ALB subnets")
                .isEqualTo(3);
        assertThat(items.get("RDS db.t4g.micro Multi-AZ (primary)").perHour()).isEqualTo(0.032);
        assertThat(items.get("RDS db.t4g.micro read replicas").perHour()).isEqualTo(0.016);
        assertThat(items.get("RDS gp3 storage (20 GB × 3 copies)").perHour()).as("primary, standby, replica")
                .isCloseTo(60 * 0.115 / 730, within(1e-9));
        assertThat(items.get("ElastiCache cache.t4g.micro (1 node)").perHour()).isEqualTo(0.016);
        assertThat(items.get("CloudWatch alarm (5xx stop condition)").perHour()).isCloseTo(0.10 / 730, within(1e-9));
        assertThat(items.get("SQS (2 queues)").perHour()).isZero();
        assertThat(c.perHour()).isCloseTo(c.items().stream().mapToDouble(AwsCost.Item::perHour).sum(), within(1e-12))
                .isCloseTo(0.1985, within(0.0001));
        assertThat(c.perMonth()).isCloseTo(c.perHour() * 730, within(1e-9));
    }

    @Test
    void aSingleAzPrimaryCostsHalfAndStoresOneCopy() {
        AwsCost c = AwsCost.of(Topology.defaults().toBuilder().failoverProfile(FailoverProfile.INSTANT).build(), null);
        assertThat(byName(c).get("RDS db.t4g.micro (primary)").perHour()).isEqualTo(0.016);
        assertThat(byName(c)).containsKey("RDS gp3 storage (20 GB × 2 copies)");
    }

    @Test
    void aRehearsalBillsTheStackForSetupRunAndTeardownPlusFisActionMinutes() {
        AwsCost c = AwsCost.of(Topology.defaults(), Templates.builtins().get("az-outage"));
        AwsCost.Rehearsal r = c.rehearsal();
        assertThat(r.setup()).as("RDS primary, then its replica").isEqualTo(Duration.ofMinutes(35));
        assertThat(r.teardown()).isEqualTo(Duration.ofMinutes(20));
        assertThat(r.run()).as("(2 s + 16 s) / timeScale 0.05 = 6 min at AWS's timers").isEqualTo(Duration.ofMinutes(6));
        assertThat(r.fisActionMinutes()).as("four actions, a minute each").isEqualTo(4);
        assertThat(r.fisUsd()).isCloseTo(0.40, within(1e-9));
        assertThat(r.stackUsd()).isCloseTo(c.perHour() * 61 / 60.0, within(1e-9));
        assertThat(r.usd()).isCloseTo(r.stackUsd() + r.fisUsd(), within(1e-12));
        assertThat(r.assumptions()).anyMatch(a -> a.contains("at least 1 minute"));
    }

    @Test
    void withoutAScenarioTheRehearsalIsTheStackUpAndDown() {
        AwsCost.Rehearsal r = AwsCost.of(Topology.defaults(), null).rehearsal();
        assertThat(r.run()).isZero();
        assertThat(r.fisActionMinutes()).isZero();
        assertThat(r.assumptions()).anyMatch(a -> a.startsWith("no scenario"));
    }

    @Test
    void thePriceTableIsDatedAndSaysWhereItComesFrom() {
        AwsPrices p = AwsPrices.standard();
        assertThat(p.taken()).isEqualTo("2026-12-01");
        assertThat(p.region()).isEqualTo("us-east-1");
        assertThat(p.source()).contains("AWS.md").contains("Price List API");
        assertThat(p.price("fis:action-minute").usd()).isEqualTo(0.10);
        assertThat(p.price("ebs:gp3").source()).as("not from AWS.md: says so").contains("not in AWS.md");
    }
}

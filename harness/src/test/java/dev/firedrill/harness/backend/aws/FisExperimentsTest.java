package dev.firedrill.harness.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.backend.aws.FisExperiments.Experiment;
import dev.firedrill.harness.backend.aws.FisExperiments.Mapping;
import dev.firedrill.harness.backend.aws.FisExperiments.ThroughSdk;
import dev.firedrill.harness.backend.aws.FisExperiments.Unsupported;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyYaml;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FisExperimentsTest {
    static Mapping one(Topology t, String kind, String target, String lasting, Map<String, String> options) {
        Scenario s = Scenario.named("s").topology(t).duration(Duration.ofSeconds(200))
                .fault(Duration.ofSeconds(2), FaultSpec.of(kind, target, lasting, options)).build();
        return FisExperiments.plan(s, "r1").get(0);
    }

    static Mapping one(String kind, String target, String lasting, Map<String, String> options) {
        return one(Topology.defaults(), kind, target, lasting, options);
    }

    static JsonNode action(Experiment e, String name) {
        return e.properties().path("Actions").path(name);
    }

    @Test
    void theBuiltinScenariosMapAsAwsAllows() {
        Map<String, Scenario> b = Templates.builtins();
        assertThat(FisExperiments.plan(b.get("instance-loss"), "r1").get(0)).isInstanceOf(Experiment.class);
        assertThat(FisExperiments.plan(b.get("failover"), "r1").get(0)).isInstanceOf(Experiment.class);
        assertThat(FisExperiments.plan(b.get("az-outage"), "r1").get(0)).isInstanceOf(Experiment.class);
        assertThat(FisExperiments.plan(b.get("replica-lag"), "r1").get(0)).isInstanceOf(ThroughSdk.class);
        for (String n : List.of("partition", "cache-outage", "queue-outage")) {
            assertThat(FisExperiments.unsupported(b.get(n))).as(n).hasSize(1);
        }
    }

    @Test
    void aKillTerminatesTheFleetsInstancesByTagWithTheSelectorsCount() {
        Experiment e = (Experiment) one("kill", "count(2)", "8s", Map.of());
        JsonNode target = e.properties().path("Targets").path("AppInstances");
        assertThat(target.path("SelectionMode").asText()).isEqualTo("COUNT(2)");
        assertThat(target.path("ResourceTags").path(AwsTags.RUN_ID).asText()).isEqualTo("r1");
        assertThat(target.path("ResourceTags").path(AwsTags.COMPONENT).asText()).isEqualTo("app");
        assertThat(action(e, "TerminateInstances").path("ActionId").asText()).isEqualTo("aws:ec2:terminate-instances");
        assertThat(e.notes()).anyMatch(n -> n.contains("not from the scenario's seed"));
        assertThat(e.billed()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void selectorsBecomeFisSelectionModesAndAzFilters() {
        JsonNode percent = ((Experiment) one("kill", "percent(50)", null, Map.of())).properties()
                .path("Targets").path("AppInstances");
        assertThat(percent.path("SelectionMode").asText()).isEqualTo("PERCENT(50)");
        JsonNode az = ((Experiment) one("kill", "az(us-east-1b)", null, Map.of())).properties()
                .path("Targets").path("AppInstances");
        assertThat(az.path("SelectionMode").asText()).isEqualTo("ALL");
        assertThat(az.path("Filters").toString()).contains("Placement.AvailabilityZone", "us-east-1b");
        Experiment named = (Experiment) one("kill", "app-2", null, Map.of());
        assertThat(named.properties().path("Targets").path("AppInstances").path("SelectionMode").asText())
                .isEqualTo("COUNT(1)");
        assertThat(named.notes()).anyMatch(n -> n.contains("cannot target app-2 by name") && n.contains("us-east-1b"));
    }

    @Test
    void aStopStartsTheInstancesAgainAfterTheFaultRoundedUpToAMinute() {
        Experiment short_ = (Experiment) one("stop", "random", "10s", Map.of());
        assertThat(action(short_, "StopInstances").path("Parameters").path("startInstancesAfterDuration").asText())
                .isEqualTo("PT1M");
        assertThat(short_.notes()).anyMatch(n -> n.contains("lasts 10s in the scenario") && n.contains("PT1M"));
        Experiment longer = (Experiment) one("stop", "random", "90s", Map.of());
        assertThat(action(longer, "StopInstances").path("Parameters").path("startInstancesAfterDuration").asText())
                .isEqualTo("PT2M");
        assertThat(action(longer, "StopInstances").path("Parameters").path("completeIfInstancesTerminated").asText())
                .as("the ASG may terminate a stopped instance").isEqualTo("true");
        assertThat(longer.billed()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aFaultWithoutDurationLastsUntilTheScenarioEnds() {
        Experiment e = (Experiment) one("stop", "random", null, Map.of());
        assertThat(action(e, "StopInstances").path("Parameters").path("startInstancesAfterDuration").asText())
                .as("200 s run, fault at 2 s: 198 s, rounded up").isEqualTo("PT4M");
    }

    @Test
    void aFailoverRebootsTheMultiAzPrimaryWithForcedFailover() {
        Experiment e = (Experiment) one("failover", "primary", null, Map.of());
        JsonNode a = action(e, "FailoverDb");
        assertThat(a.path("ActionId").asText()).isEqualTo("aws:rds:reboot-db-instances");
        assertThat(a.path("Parameters").path("forceFailover").asText()).isEqualTo("true");
        assertThat(e.properties().path("Targets").path("DbPrimary").path("ResourceTags").path(AwsTags.COMPONENT)
                .asText()).isEqualTo("db-primary");
        assertThat(e.properties().path("StopConditions").path(0).path("Value").path("Fn::GetAtt").path(0).asText())
                .isEqualTo("AlbAlarm5xx");
        assertThat(e.properties().path("ExperimentOptions").path("EmptyTargetResolutionMode").asText())
                .isEqualTo("fail");
        assertThat(e.properties().path("RoleArn").path("Fn::GetAtt").path(0).asText()).isEqualTo("FisRole");
    }

    @Test
    void aFailoverWithoutAStandbyOrOfAnotherProfileIsRefusedWithTheReason() {
        Topology instant = TopologyYaml.parse("database: {failoverProfile: instant}\n");
        assertThat(((Unsupported) one(instant, "failover", "primary", null, Map.of())).reason())
                .contains("no standby");
        assertThat(((Unsupported) one("failover", "primary", null, Map.of("profile", "aurora"))).reason())
                .contains("rds-multi-az-instance").contains("aurora");
    }

    @Test
    void anAzOutageIsThePowerInterruptionComposition() {
        Experiment e = (Experiment) FisExperiments.plan(Templates.builtins().get("az-outage"), "r1").get(0);
        assertThat(e.actions().stream().map(FisExperiments.Action::actionId)).containsExactly(
                "aws:network:disrupt-connectivity", "aws:ec2:stop-instances",
                "aws:ec2:asg-insufficient-instance-capacity-error", "aws:rds:reboot-db-instances");
        assertThat(action(e, "DisruptSubnets").path("Parameters").path("scope").asText()).isEqualTo("all");
        assertThat(Templates.referenced(e.properties().path("Targets").path("AzSubnets")))
                .containsExactly("SubnetPrivateA", "SubnetPublicA");
        assertThat(e.properties().path("Targets").path("AzInstances").path("Filters").toString())
                .contains("us-east-1a");
        assertThat(e.properties().path("Targets").path("DbPrimary").path("Parameters")
                .path("availabilityZoneIdentifiers").asText()).isEqualTo("us-east-1a");
        assertThat(e.notes()).anyMatch(n -> n.contains("the only NAT gateway is in public-a"));
        assertThat(e.billed()).as("four actions of a minute").isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void aPartitionInsideSharedSubnetsIsRefusedNamingTheEdgesAclsCannotCut() {
        Unsupported u = (Unsupported) FisExperiments.plan(Templates.builtins().get("partition"), "r1").get(0);
        assertThat(u.reason()).contains("app-1->db-writer stays inside subnet private-a")
                .contains("ACLs do not filter traffic within a subnet").contains("different subnets");
        assertThat(((Unsupported) one("partition", "app|db-writer", "10s", Map.of("mode", "reject"))).reason())
                .contains("drop packets");
    }

    @Test
    void anAzPartitionIsAnAvailabilityZoneScopedCutThatSaysWhatElseItCuts() {
        Experiment e = (Experiment) one("partition", "az:us-east-1a|az:us-east-1b", "10s", Map.of());
        JsonNode a = action(e, "DisruptSubnets");
        assertThat(a.path("Parameters").path("scope").asText()).isEqualTo("availability-zone");
        assertThat(a.path("Parameters").path("duration").asText()).isEqualTo("PT1M");
        assertThat(e.notes()).as("AZ b reaches SQS through the NAT gateway in AZ a")
                .anyMatch(n -> n.startsWith("also cuts") && n.contains("app-2->sqs"));
    }

    @Test
    void aCacheInItsOwnSubnetCanBeCutOffExactly() {
        Topology t = TopologyYaml.parse("vpc:\n  subnets:\n    - {name: cache-a, az: us-east-1a, cidr: 10.0.20.0/24}\n"
                + "cache: {subnet: cache-a}\n");
        Experiment e = (Experiment) one(t, "cache-outage", "redis", "10s", Map.of("mode", "partition"));
        assertThat(Templates.referenced(e.properties().path("Targets").path("Subnets"))).containsExactly("SubnetCacheA");
        assertThat(e.notes()).noneMatch(n -> n.startsWith("also cuts") || n.startsWith("partly cuts"));
        assertThat(((Unsupported) one(t, "cache-outage", "redis", "10s", Map.of("mode", "kill"))).reason())
                .contains("interrupt-az-power needs a Multi-AZ replication group");
    }

    @Test
    void latencyRunsAwsLatencyDocumentOnTheInstancesTowardsThePeersName() {
        Experiment e = (Experiment) one("latency", "app->db-writer", "10s", Map.of("latency", "300ms", "jitter", "20ms"));
        JsonNode p = action(e, "NetworkLatency").path("Parameters");
        assertThat(p.path("documentArn").path("Fn::Sub").asText()).endsWith(":document/AWSFIS-Run-Network-Latency-Sources");
        JsonNode doc = p.path("documentParameters").path("Fn::Sub");
        assertThat(doc.path(0).asText()).contains("\"DelayMilliseconds\":\"300\"", "\"JitterMilliseconds\":\"20\"",
                "\"Sources\":\"${WriterAddress}\"", "\"DurationSeconds\":\"10\"", "\"TrafficType\":\"egress\"");
        assertThat(doc.path(1).path("WriterAddress").path("Fn::GetAtt").path(0).asText()).isEqualTo("DbPrimary");
        assertThat(p.path("duration").asText()).as("10 s plus a minute to install tc").isEqualTo("PT2M");
        assertThat(e.properties().path("Targets").path("AppInstances").path("SelectionMode").asText()).isEqualTo("ALL");
        assertThat(e.billed()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void latencyTowardsTheLoadBalancerDelaysTrafficToItsSubnets() {
        Experiment e = (Experiment) one("latency", "alb->app", "10s", Map.of("latency", "50ms"));
        String doc = action(e, "NetworkLatency").path("Parameters").path("documentParameters").asText();
        assertThat(doc).as("plain text: no name to substitute").contains("\"Sources\":\"10.0.0.0/24,10.0.1.0/24\"");
        assertThat(e.notes()).noneMatch(n -> n.contains("resolved once"));
    }

    @Test
    void faultsWithNoAwsMechanismSayWhy() {
        assertThat(((Unsupported) one("pause", "random", "5s", Map.of())).reason()).contains("no FIS action pauses a VM");
        assertThat(((Unsupported) one("replica-lag", "all", "5s", Map.of("mode", "throttle", "rate", "10"))).reason())
                .contains("internal to RDS");
        assertThat(((Unsupported) one("queue-outage", "sqs", "5s", Map.of("mode", "errors"))).reason())
                .contains("AccessDenied");
        assertThat(((Unsupported) one("bandwidth", "app->db-writer", "5s", Map.of("rate", "10"))).reason())
                .contains("'bandwidth' toxic");
        assertThat(((Unsupported) one("latency", "db-replica-1->db-primary", "5s", Map.of("latency", "100ms")))
                .reason()).contains("no EC2 end");
    }

    @Test
    void replicaLagGoesThroughRdsItselfNotFis() {
        ThroughSdk pause = (ThroughSdk) one("replica-lag", "all", "5s", Map.of("mode", "pause"));
        assertThat(pause.how()).contains("pg_wal_replay_pause()");
        ThroughSdk delay = (ThroughSdk) one("replica-lag", "db-replica-1", "5s", Map.of("mode", "delay",
                "delay", "2s"));
        assertThat(delay.how()).contains("DbParamsReplica1").contains("recovery_min_apply_delay").contains("2000 ms");
    }

    @Test
    void everyExperimentIsTaggedAndDescribedWithItsStep() {
        Experiment e = (Experiment) FisExperiments.plan(Templates.builtins().get("instance-loss"), "r7").get(0);
        assertThat(e.logicalId()).isEqualTo("FisStep1Kill");
        assertThat(e.describe()).isEqualTo("faults[0] kill 1 instance (random) for 8s");
        assertThat(e.properties().path("Tags").path(AwsTags.RUN_ID).asText()).isEqualTo("r7");
        assertThat(e.properties().path("Description").asText()).contains("instance-loss faults[0]").contains("r7");
    }
}

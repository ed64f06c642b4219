package dev.firedrill.harness.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FisCatalogTest {
    private final FisCatalog catalog = FisCatalog.standard();

    @Test
    void everyGeneratedExperimentOfEveryBuiltinScenarioPasses() {
        Templates.builtins().forEach((name, s) ->
                assertThat(catalog.check(AwsTemplate.of(s, name + "-plan"))).as(name).isEmpty());
    }

    @Test
    void everyFaultShapeFisCanMakePasses() {
        assertThat(FisExperiments.plan(Templates.everyMappedKind(), "r1"))
                .allMatch(FisExperiments.Experiment.class::isInstance);
        assertThat(catalog.check(AwsTemplate.of(Templates.everyMappedKind(), "r1"))).isEmpty();
    }

    @Test
    void everyActionTheMappingUsesIsInTheCatalog() {
        Templates.builtins().values().forEach(s -> FisExperiments.experiments(s, "r1").forEach(e -> e.actions()
                .forEach(a -> assertThat(catalog.action(a.actionId())).as(a.actionId()).isNotNull())));
        assertThat(catalog.action("aws:elasticache:replicationgroup-interrupt-az-power").targetKey())
                .isEqualTo("ReplicationGroups");
        assertThat(catalog.action("aws:rds:reboot-db-instances").resourceType()).isEqualTo("aws:rds:db");
        assertThat(catalog.resourceType("aws:elasticache:replicationgroup").byArn()).as("tags or filters only")
                .isFalse();
        assertThat(catalog.taken()).isEqualTo("2026-12-01");
    }

    /** The az-outage scenario's template with one experiment changed by {@code change}. */
    private ObjectNode broken(Consumer<ObjectNode> change) {
        ObjectNode t = AwsTemplate.of(Templates.builtins().get("az-outage"), "r1");
        change.accept((ObjectNode) t.at("/Resources/FisStep1AzOutage/Properties"));
        return t;
    }

    @Test
    void aWrongTargetKeyIsCaught() {
        List<String> problems = catalog.check(broken(p -> {
            ObjectNode targets = (ObjectNode) p.at("/Actions/StopInstances/Targets");
            targets.remove("Instances");
            targets.put("Instance", "AzInstances");
        }));
        assertThat(problems).singleElement().asString().contains("action 'StopInstances'")
                .contains("target key 'Instance' is wrong").contains("'Instances'");
    }

    @Test
    void anUnknownParameterIsCaught() {
        assertThat(catalog.check(broken(p -> ((ObjectNode) p.at("/Actions/FailoverDb/Parameters"))
                .put("failoverTo", "us-east-1b")))).singleElement().asString()
                .contains("unknown parameter 'failoverTo'").contains("known: forceFailover");
    }

    @Test
    void aDurationUnderAMinuteIsCaught() {
        assertThat(catalog.check(broken(p -> ((ObjectNode) p.at("/Actions/DisruptSubnets/Parameters"))
                .put("duration", "PT30S")))).singleElement().asString()
                .contains("'duration'").contains("PT30S is outside FIS's PT1M..PT12H");
        assertThat(catalog.check(broken(p -> ((ObjectNode) p.at("/Actions/DisruptSubnets/Parameters"))
                .put("duration", "13h")))).singleElement().asString().contains("not an ISO-8601 duration");
    }

    @Test
    void anUnknownActionAWrongResourceTypeAndAMissingParameterAreCaught() {
        assertThat(catalog.check(broken(p -> ((ObjectNode) p.at("/Actions/StopInstances"))
                .put("ActionId", "aws:ec2:pause-instances")))).anyMatch(s -> s.contains("unknown action id "
                + "'aws:ec2:pause-instances'"));
        assertThat(catalog.check(broken(p -> ((ObjectNode) p.at("/Targets/AzSubnets"))
                .put("ResourceType", "aws:ec2:instance")))).anyMatch(s -> s.contains("action 'DisruptSubnets'")
                && s.contains("resource type 'aws:ec2:instance'") && s.contains("'aws:ec2:subnet'"));
        assertThat(catalog.check(broken(p -> ((ObjectNode) p.at("/Actions/InsufficientCapacity/Parameters"))
                .remove("availabilityZoneIdentifiers")))).singleElement().asString()
                .contains("required parameter 'availabilityZoneIdentifiers' is missing");
    }

    @Test
    void badValuesAndSelectionModesAreCaught() {
        assertThat(catalog.check(broken(p -> ((ObjectNode) p.at("/Actions/DisruptSubnets/Parameters"))
                .put("scope", "subnet")))).singleElement().asString().contains("'subnet' is not one of all,");
        assertThat(catalog.check(broken(p -> ((ObjectNode) p.at("/Actions/FailoverDb/Parameters"))
                .put("forceFailover", "yes")))).singleElement().asString().contains("not \"true\" or \"false\"");
        assertThat(catalog.check(broken(p -> ((ObjectNode) p.at("/Targets/AzInstances"))
                .put("SelectionMode", "SOME(2)")))).singleElement().asString()
                .contains("SelectionMode 'SOME(2)' is not ALL, COUNT(n) or PERCENT(n)");
        assertThat(catalog.check(broken(p -> ((ObjectNode) p.at("/Actions/DisruptSubnets/Targets"))
                .put("Subnets", "Nowhere")))).anyMatch(s -> s.contains("names target 'Nowhere', which Targets does "
                + "not define"));
    }

    @Test
    void aLatencyDocumentsOwnParametersAreChecked() {
        ObjectNode t = AwsTemplate.of(Scenario.named("l").duration(Duration.ofSeconds(30)).fault(Duration.ofSeconds(1),
                FaultSpec.of("latency", "app->redis", "10s", Map.of("latency", "100ms"))).build(), "r1");
        assertThat(catalog.check(t)).isEmpty();
        ObjectNode params = (ObjectNode) t.at("/Resources/FisStep1Latency/Properties/Actions/NetworkLatency/Parameters");
        ObjectNode sub = (ObjectNode) params.path("documentParameters");
        String text = sub.path("Fn::Sub").path(0).asText().replace("\"TrafficType\":\"egress\"",
                "\"TrafficType\":\"both\"").replace("\"DurationSeconds\":\"10\",", "");
        ((ArrayNode) sub.path("Fn::Sub")).set(0, text);
        assertThat(catalog.check(t)).anyMatch(s -> s.contains("document AWSFIS-Run-Network-Latency-Sources")
                && s.contains("'both' is not one of ingress, egress"))
                .anyMatch(s -> s.contains("required document parameter 'DurationSeconds' is missing"));
    }
}

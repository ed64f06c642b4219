package dev.firedrill.harness.backend.aws;

import static dev.firedrill.harness.backend.aws.Templates.ofType;
import static dev.firedrill.harness.backend.aws.Templates.properties;
import static dev.firedrill.harness.backend.aws.Templates.tagPairs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.topology.FailoverProfile;
import dev.firedrill.harness.topology.HealthCheck;
import dev.firedrill.harness.topology.IngressRule;
import dev.firedrill.harness.topology.SecurityGroup;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyYaml;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwsTemplateTest {
    /**
     * Types whose CloudFormation schema has no tags (cfn-lint 1.51's registry schemas; AwsTemplateLintIT checks this
     * list against them); a launch template is tagged through its TagSpecifications, an experiment template through
     * a tag map.
     */
    static final Set<String> UNTAGGABLE = Set.of("AWS::EC2::VPCGatewayAttachment", "AWS::EC2::Route",
            "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::SecurityGroupIngress",
            "AWS::ElasticLoadBalancingV2::Listener", "AWS::IAM::InstanceProfile", "AWS::EC2::LaunchTemplate");

    /** The default topology's template and every built-in scenario's, by name. */
    static Map<String, ObjectNode> everyTemplate() {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        out.put("default", AwsTemplate.of(Topology.defaults(), "default-plan"));
        Templates.builtins().forEach((name, s) -> out.put(name, AwsTemplate.of(s, name + "-plan")));
        return out;
    }

    @Test
    void everyTaggableResourceCarriesTheRunIdAndTopologyTags() {
        everyTemplate().forEach((name, t) -> t.path("Resources").properties().forEach(e -> {
            String type = e.getValue().path("Type").asText();
            JsonNode p = e.getValue().path("Properties");
            String runId = name + "-plan";
            String what = name + ": " + e.getKey() + " (" + type + ")";
            if (type.equals("AWS::EC2::LaunchTemplate")) {
                JsonNode spec = p.path("TagSpecifications").path(0);
                assertThat(spec.path("ResourceType").asText()).as(what).isEqualTo("launch-template");
                assertThat(tagPairs(spec.path("Tags"))).as(what).contains(AwsTags.RUN_ID + "=" + runId);
            } else if (type.equals("AWS::FIS::ExperimentTemplate")) {
                assertThat(p.path("Tags").path(AwsTags.RUN_ID).asText()).as(what).isEqualTo(runId);
                assertThat(p.path("Tags").path(AwsTags.TOPOLOGY).asText()).as(what).isEqualTo("default");
            } else if (!UNTAGGABLE.contains(type)) {
                assertThat(tagPairs(p.path("Tags"))).as(what).contains(AwsTags.RUN_ID + "=" + runId,
                        AwsTags.TOPOLOGY + "=default");
            }
        }));
    }

    @Test
    void theAutoScalingGroupPropagatesItsTagsToTheInstancesFisSelects() {
        JsonNode asg = properties(AwsTemplate.of(Topology.defaults(), "r1"), "AppAsg");
        asg.path("Tags").forEach(t -> assertThat(t.path("PropagateAtLaunch").asBoolean()).as(t.toString()).isTrue());
        assertThat(tagPairs(asg.path("Tags"))).contains(AwsTags.RUN_ID + "=r1", AwsTags.COMPONENT + "=app");
    }

    @Test
    void theDatabaseAndTheCacheLeaveNothingBehindWhenTheStackGoes() {
        ObjectNode t = AwsTemplate.of(Topology.defaults(), "r1");
        Map<String, JsonNode> kept = new LinkedHashMap<>(ofType(t, "AWS::RDS::DBInstance"));
        kept.putAll(ofType(t, "AWS::ElastiCache::ReplicationGroup"));
        assertThat(kept).containsOnlyKeys("DbPrimary", "DbReplica1", "CacheReplicationGroup");
        kept.forEach((id, r) -> {
            assertThat(r.path("DeletionPolicy").asText()).as(id + ": nothing kept or snapshotted (RDS's default is "
                    + "Snapshot)").isEqualTo("Delete");
            assertThat(r.path("UpdateReplacePolicy").asText()).as(id).isEqualTo("Delete");
        });
        for (String db : List.of("DbPrimary", "DbReplica1")) {
            assertThat(properties(t, db).path("DeleteAutomatedBackups").asBoolean()).as(db).isTrue();
            assertThat(properties(t, db).path("DeletionProtection").asBoolean(true)).as(db).isFalse();
        }
        assertThat(properties(t, "DbPrimary").path("BackupRetentionPeriod").asInt())
                .as("a read replica needs backups on its source").isGreaterThanOrEqualTo(1);
        assertThat(properties(t, "DbPrimary").path("ManageMasterUserPassword").asBoolean()).isTrue();
        assertThat(properties(t, "CacheReplicationGroup").path("SnapshotRetentionLimit").asInt()).isZero();
    }

    @Test
    void noOutputNamesElastiCacheAnAlarmOrFis() {
        Set<String> forbiddenTypes = Set.of("AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::SubnetGroup",
                "AWS::CloudWatch::Alarm", "AWS::FIS::ExperimentTemplate");
        everyTemplate().forEach((name, t) -> {
            Set<String> referenced = Templates.referenced(t.path("Outputs"));
            for (String id : referenced) {
                assertThat(t.path("Resources").path(id).path("Type").asText())
                        .as(name + ": output refers to " + id + "; moto answers DescribeStacks with 500 then")
                        .isNotIn(forbiddenTypes);
            }
        });
        assertThat(AwsTemplate.of(Topology.defaults(), "r1").path("Outputs").fieldNames())
                .toIterable().contains("AlbDnsName", "DbWriterAddress", "DbWriterPort", "DbReader1Address",
                        "QueueJobsUrl", "QueueJobsDlqUrl", "AsgName", "RunId");
    }

    @Test
    void noLaunchTemplateOrInstanceSettingNamesTheCache() {
        ObjectNode t = AwsTemplate.of(Topology.defaults(), "r1");
        assertThat(Templates.referenced(t.path("Resources").path("AppLaunchTemplate")))
                .as("moto does not create replication groups and fails the stack on a reference to one")
                .doesNotContain("CacheReplicationGroup");
    }

    @Test
    void theSecurityGroupIngressResourcesAreExactlyTheTopologysRules() {
        Topology topo = TopologyYaml.parse("securityGroups:\n"
                + "  - {name: app-sg, ingress: [{port: 8080, source: alb-sg}, {port: 9090, cidr: 10.0.0.0/16}]}\n");
        ObjectNode t = AwsTemplate.of(topo, "r1");
        Map<String, String> idToName = new LinkedHashMap<>();
        topo.securityGroups().forEach(g -> idToName.put(ofType(t, "AWS::EC2::SecurityGroup").keySet().stream()
                .filter(id -> properties(t, id).path("GroupDescription").asText().endsWith(" " + g.name()))
                .findFirst().orElseThrow(), g.name()));
        Set<String> expected = new HashSet<>();
        for (SecurityGroup g : topo.securityGroups()) {
            for (IngressRule r : g.ingress()) {
                expected.add(g.name() + " tcp " + r.port() + " from " + (r.sourceGroup() != null ? "sg " + r.sourceGroup()
                        : r.cidr()));
            }
        }
        Set<String> actual = new HashSet<>();
        ofType(t, "AWS::EC2::SecurityGroupIngress").values().forEach(r -> {
            JsonNode p = r.path("Properties");
            assertThat(p.path("FromPort").asInt()).isEqualTo(p.path("ToPort").asInt());
            String group = idToName.get(p.path("GroupId").path("Fn::GetAtt").path(0).asText());
            String from = p.has("SourceSecurityGroupId")
                    ? "sg " + idToName.get(p.path("SourceSecurityGroupId").path("Fn::GetAtt").path(0).asText())
                    : p.path("CidrIp").asText();
            actual.add(group + " " + p.path("IpProtocol").asText() + " " + p.path("FromPort").asInt() + " from " + from);
        });
        assertThat(actual).isEqualTo(expected).contains("app-sg tcp 9090 from 10.0.0.0/16", "db-sg tcp 5432 from sg db-sg");
        ofType(t, "AWS::EC2::SecurityGroup").forEach((id, g) -> assertThat(g.path("Properties").has("SecurityGroupIngress"))
                .as(id + ": inline rules would make cross-referencing groups fail to delete").isFalse());
    }

    @Test
    void theTargetGroupCarriesTheTopologysHealthCheckAndAttributes() {
        Topology topo = TopologyYaml.parse("loadBalancer:\n  targetGroup:\n    port: 9000\n"
                + "    algorithm: least_outstanding_requests\n    deregistrationDelay: 45s\n"
                + "    healthCheck: {path: /ready, interval: 10s, timeout: 3s, healthyThreshold: 3,"
                + " unhealthyThreshold: 4, matcher: '200-299'}\n");
        JsonNode tg = properties(AwsTemplate.of(topo, "r1"), "AlbTargetGroup");
        HealthCheck hc = topo.loadBalancer().healthCheck();
        assertThat(tg.path("Port").asInt()).isEqualTo(9000);
        assertThat(tg.path("HealthCheckPath").asText()).isEqualTo(hc.path());
        assertThat(tg.path("HealthCheckIntervalSeconds").asInt()).isEqualTo(10);
        assertThat(tg.path("HealthCheckTimeoutSeconds").asInt()).as("written out: CloudFormation's HTTP default is 6 s")
                .isEqualTo(3);
        assertThat(tg.path("HealthyThresholdCount").asInt()).isEqualTo(3);
        assertThat(tg.path("UnhealthyThresholdCount").asInt()).isEqualTo(4);
        assertThat(tg.path("Matcher").path("HttpCode").asText()).isEqualTo("200-299");
        Map<String, String> attributes = new LinkedHashMap<>();
        tg.path("TargetGroupAttributes").forEach(a -> attributes.put(a.path("Key").asText(), a.path("Value").asText()));
        assertThat(attributes).containsEntry("deregistration_delay.timeout_seconds", "45")
                .containsEntry("load_balancing.algorithm.type", "least_outstanding_requests");
        assertThat(properties(AwsTemplate.of(topo, "r1"), "AlbListenerHttp").path("Port").asInt()).isEqualTo(80);
    }

    @Test
    void multiAzFollowsTheFailoverProfileAndReplicasSitInTheirSubnetsAz() {
        ObjectNode multi = AwsTemplate.of(Topology.defaults(), "r1");
        assertThat(properties(multi, "DbPrimary").path("MultiAZ").asBoolean()).isTrue();
        assertThat(properties(multi, "DbPrimary").has("AvailabilityZone"))
                .as("RDS refuses an AZ for a Multi-AZ instance").isFalse();
        ObjectNode single = AwsTemplate.of(Topology.defaults().toBuilder().failoverProfile(FailoverProfile.INSTANT)
                .replicas(2).build(), "r1");
        assertThat(properties(single, "DbPrimary").path("MultiAZ").asBoolean()).isFalse();
        assertThat(properties(single, "DbPrimary").path("AvailabilityZone").asText()).isEqualTo("us-east-1a");
        for (int i = 1; i <= 2; i++) {
            JsonNode r = properties(single, "DbReplica" + i);
            assertThat(r.path("SourceDBInstanceIdentifier").path("Ref").asText()).isEqualTo("DbPrimary");
            assertThat(r.path("DBParameterGroupName").path("Ref").asText()).isEqualTo("DbParamsReplica" + i);
        }
        assertThat(properties(single, "DbReplica1").path("AvailabilityZone").asText()).isEqualTo("us-east-1b");
        assertThat(properties(single, "DbReplica2").path("AvailabilityZone").asText()).isEqualTo("us-east-1a");
        assertThat(properties(single, "DbParamsReplica1").path("Parameters").path("recovery_min_apply_delay").asText())
                .as("the replica-lag fault sets it at run time").isEqualTo("0");
        assertThat(properties(single, "DbParamsReplica1").path("Family").asText()).isEqualTo("postgres17");
    }

    @Test
    void clusterProfilesAreRefusedNamingTheField() {
        Topology aurora = Topology.defaults().toBuilder().failoverProfile(FailoverProfile.AURORA).build();
        assertThatThrownBy(() -> AwsTemplate.of(aurora, "r1")).isInstanceOf(TopologyException.class)
                .hasMessageStartingWith("database.failoverProfile: ").hasMessageContaining("aurora")
                .hasMessageContaining("rds-multi-az-instance");
    }

    @Test
    void theFleetIsAnAutoScalingGroupOfTheTopologysCountWithElbHealth() {
        JsonNode asg = properties(AwsTemplate.of(Topology.defaults().toBuilder().instances(5).build(), "r1"), "AppAsg");
        assertThat(List.of(asg.path("MinSize").asText(), asg.path("MaxSize").asText(),
                asg.path("DesiredCapacity").asText())).containsOnly("5");
        assertThat(asg.path("HealthCheckType").asText()).isEqualTo("ELB");
        assertThat(asg.path("HealthCheckGracePeriod").asInt()).isEqualTo(300);
        assertThat(Templates.referenced(asg.path("VPCZoneIdentifier"))).containsExactly("SubnetPrivateA",
                "SubnetPrivateB");
        assertThat(asg.path("TargetGroupARNs").path(0).path("Ref").asText()).isEqualTo("AlbTargetGroup");
    }

    @Test
    void theUserDataHandsTheAppTheEnvContract() {
        JsonNode sub = properties(AwsTemplate.of(Topology.defaults(), "r1"), "AppLaunchTemplate")
                .path("LaunchTemplateData").path("UserData").path("Fn::Base64").path("Fn::Sub");
        String script = sub.path(0).asText();
        for (String v : List.of("PORT '8080'", "BIND_ADDRESS '0.0.0.0'", "INSTANCE_ID \"$INSTANCE_ID\"", "AZ \"$AZ\"",
                "DB_WRITER_URL 'jdbc:postgresql://${WriterAddress}:${WriterPort}/postgres'",
                "DB_READER_URL 'jdbc:postgresql://${ReaderAddress}:${ReaderPort}/postgres'", "DB_USER 'firedrill'",
                "REDIS_URL \"redis://$REDIS_ENDPOINT\"", "JOBS_QUEUE_URL '${QueueJobs}'",
                "JOBS_DLQ_QUEUE_URL '${QueueJobsDlq}'", "AWS_REGION '${AWS::Region}'")) {
            assertThat(script).contains("env_line " + v);
        }
        assertThat(script).contains("${AppArtifactUrl}", "java-17-amazon-corretto-headless",
                "systemctl enable --now firedrill-app.service", "--replication-group-id 'fd-r1'");
        assertThat(Templates.referenced(sub.path(1))).containsExactly("DbPrimary", "DbReplica1");
    }

    @Test
    void theUserDataWritesNoStaticKeysNorAnSqsEndpointAndShortensTheDnsCache() {
        String script = userData(AwsTemplate.of(Topology.defaults(), "r1"));
        assertThat(script).as("the instance profile's role gives the credentials")
                .doesNotContain("AWS_ACCESS_KEY_ID").doesNotContain("AWS_SECRET_ACCESS_KEY")
                .doesNotContain("AWS_SESSION_TOKEN")
                .as("the SDK takes the region's endpoint").doesNotContain("SQS_ENDPOINT");
        assertThat(script).contains("env_line DNS_TTL_SECONDS '5'");
        assertThat(script.indexOf("env_line DNS_TTL_SECONDS")).as("before the fleet's env, which may override it")
                .isLessThan(script.indexOf("env_line PORT"));
        Topology userApp = Topology.defaults().toBuilder().app(List.of("python3", "app.py"), Map.of()).build();
        assertThat(userData(AwsTemplate.of(userApp, "r1"))).as("a knob of the reference app only")
                .doesNotContain("DNS_TTL_SECONDS");
    }

    @Test
    void theStackWaitsForEveryInstancesAppToBeHealthy() {
        ObjectNode template = AwsTemplate.of(Topology.defaults().toBuilder().instances(4).build(), "r1");
        JsonNode signal = template.path("Resources").path("AppAsg").path("CreationPolicy").path("ResourceSignal");
        assertThat(signal.path("Count").asInt()).as("one signal per instance").isEqualTo(4);
        assertThat(signal.path("Timeout").asText()).isEqualTo("PT15M");
        String script = userData(template);
        assertThat(script).contains("aws-cfn-bootstrap")
                .contains("curl -s -o /dev/null -w '%{http_code}' --max-time 5 'http://127.0.0.1:8080/health'")
                .contains("(( 10#$c == 200 ))")
                .contains("wait_healthy() { local deadline=$((SECONDS + 600));")
                .endsWith("wait_healthy || rc=$?\n/opt/aws/bin/cfn-signal --stack '${AWS::StackName}' "
                        + "--resource 'AppAsg' --region '${AWS::Region}' -e \"$rc\"\n");
        assertThat(script.indexOf("trap signal_failure ERR")).as("a failed step signals failure at once, "
                + "but only once cfn-signal is installed").isGreaterThan(script.indexOf("aws-cfn-bootstrap"))
                .isLessThan(script.indexOf("TOKEN=$("));
        assertThat(script.indexOf("wait_healthy || rc")).as("the health wait must not trip the failure trap")
                .isGreaterThan(script.indexOf("trap - ERR"));
    }

    @Test
    void theHealthWaitUsesTheTargetGroupsPathPortAndCodes() {
        Topology t = Topology.defaults().toBuilder().healthCheck(HealthCheck.builder().path("/ready")
                .matcher("200,202-204").build()).build();
        String script = userData(AwsTemplate.of(t, "r1"));
        assertThat(script).contains("'http://127.0.0.1:8080/ready'")
                .contains("(( 10#$c == 200 || (10#$c >= 202 && 10#$c <= 204) ))");
    }

    private static String userData(ObjectNode template) {
        return properties(template, "AppLaunchTemplate").path("LaunchTemplateData").path("UserData")
                .path("Fn::Base64").path("Fn::Sub").path(0).asText();
    }

    @Test
    void aUserCommandRunsAsWrittenWithoutAnArtifactParameter() {
        Topology t = Topology.defaults().toBuilder().app(List.of("python3", "app.py", "it's"), Map.of("MODE", "${x}"))
                .build();
        ObjectNode template = AwsTemplate.of(t, "r1");
        String script = properties(template, "AppLaunchTemplate").path("LaunchTemplateData").path("UserData")
                .path("Fn::Base64").path("Fn::Sub").path(0).asText();
        assertThat(script).contains("exec 'python3' 'app.py' 'it'\\''s'")
                .as("a literal ${ is escaped for Fn::Sub").contains("env_line MODE '${!x}'");
        assertThat(template.path("Parameters").has("AppArtifactUrl")).isFalse();
        assertThat(template.path("Parameters").path("ImageId").path("Default").asText())
                .isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
        assertThat(template.path("Parameters").path("InstanceType").path("Default").asText()).isEqualTo("t3.micro");
    }

    @Test
    void logicalIdsAreReadableAndTheTemplateDeterministic() {
        ObjectNode t = AwsTemplate.of(Topology.defaults(), "r1");
        assertThat(t.path("Resources").fieldNames()).toIterable().contains("Vpc", "SubnetPublicA", "SubnetPrivateB",
                "SgApp", "SgDbIngress5432FromSgApp", "SgAlbIngress80FromAnywhere", "NatGateway", "Alb",
                "AlbTargetGroup", "DbPrimary", "DbReplica1", "QueueJobsDlq", "AppAsg", "FisRole", "AlbAlarm5xx");
        assertThat(AwsTemplate.json(AwsTemplate.of(Topology.defaults(), "r1"))).isEqualTo(AwsTemplate.json(t));
        assertThat(t.path("Description").asText()).contains("one NAT gateway, in public-a: an outage of us-east-1a "
                + "cuts the other AZs' egress too");
    }

    @Test
    void theFisRoleTrustsFisForThisAccountWithTheManagedPolicies() {
        JsonNode role = properties(AwsTemplate.of(Topology.defaults(), "r1"), "FisRole");
        JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement").path(0);
        assertThat(trust.path("Principal").path("Service").asText()).isEqualTo("fis.amazonaws.com");
        assertThat(trust.path("Condition").path("StringEquals").path("aws:SourceAccount").path("Fn::Sub").asText())
                .isEqualTo("${AWS::AccountId}");
        List<String> policies = new ArrayList<>();
        role.path("ManagedPolicyArns").forEach(p -> policies.add(p.path("Fn::Sub").asText()));
        assertThat(policies).anyMatch(p -> p.endsWith("service-role/AWSFaultInjectionSimulatorEC2Access"))
                .anyMatch(p -> p.endsWith("service-role/AWSFaultInjectionSimulatorNetworkAccess"))
                .anyMatch(p -> p.endsWith("service-role/AWSFaultInjectionSimulatorRDSAccess"));
        assertThat(role.path("Policies").toString()).contains("elasticache:InterruptClusterAzPower",
                "aws:ResourceTag/firedrill:run-id");
    }

    @Test
    void aScenarioTemplateAddsOneExperimentTemplatePerFisExperiment() {
        Map<String, Scenario> builtins = Templates.builtins();
        builtins.forEach((name, s) -> {
            ObjectNode t = AwsTemplate.of(s, "r1");
            assertThat(ofType(t, "AWS::FIS::ExperimentTemplate").keySet()).as(name).containsExactlyElementsOf(
                    FisExperiments.experiments(s, "r1").stream().map(FisExperiments.Experiment::logicalId).toList());
        });
        assertThat(ofType(AwsTemplate.of(builtins.get("az-outage"), "r1"), "AWS::FIS::ExperimentTemplate"))
                .containsOnlyKeys("FisStep1AzOutage");
        assertThat(ofType(AwsTemplate.of(Topology.defaults(), "r1"), "AWS::FIS::ExperimentTemplate")).isEmpty();
    }

    @Test
    void forMotoDropsOnlyTheDbInstancesParameterGroups() {
        ObjectNode t = AwsTemplate.of(Topology.defaults(), "r1");
        ObjectNode expected = t.deepCopy();
        ((ObjectNode) expected.at("/Resources/DbPrimary/Properties")).remove("DBParameterGroupName");
        ((ObjectNode) expected.at("/Resources/DbReplica1/Properties")).remove("DBParameterGroupName");
        assertThat(AwsTemplate.forMoto(t)).isEqualTo(expected);
        assertThat(properties(t, "DbPrimary").has("DBParameterGroupName")).as("the original is untouched").isTrue();
    }

    @Test
    void aRunIdThatCannotTagIsRefused() {
        assertThatThrownBy(() -> AwsTemplate.of(Topology.defaults(), "has space")).isInstanceOf(FiredrillException.class)
                .hasMessageContaining("run id 'has space'").hasMessageContaining("e.g. default-plan");
    }

    @Test
    void aFractionOfASecondIsRefusedWhereAwsTakesWholeSeconds() {
        Topology t = Topology.defaults().toBuilder().healthCheck(HealthCheck.builder().path("/health")
                .interval(Duration.ofMillis(10_500)).build()).build();
        assertThatThrownBy(() -> AwsTemplate.of(t, "r1")).isInstanceOf(TopologyException.class)
                .hasMessageStartingWith("loadBalancer.targetGroup.healthCheck.interval: AWS takes whole seconds");
    }
}

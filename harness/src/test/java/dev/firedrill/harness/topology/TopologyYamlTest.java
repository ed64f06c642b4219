package dev.firedrill.harness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.TopologyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyYamlTest {
    @Test
    void anEmptyFileIsTheDefaultTopology() {
        assertThat(TopologyYaml.parse("")).isEqualTo(Topology.defaults());
    }

    @Test
    void theShippedDefaultYamlIsExactlyTheBuiltInDefault() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/dev/firedrill/harness/topology/default.yaml")) {
            assertThat(TopologyYaml.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
                    .isEqualTo(Topology.defaults());
        }
    }

    @Test
    void defaultsAreAwsDocumentedDefaults() {
        Topology t = Topology.defaults();
        HealthCheck hc = t.loadBalancer().healthCheck();
        assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(hc.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(hc.healthyThreshold()).isEqualTo(5);
        assertThat(hc.unhealthyThreshold()).isEqualTo(2);
        assertThat(hc.matcher()).isEqualTo("200");
        assertThat(t.loadBalancer().deregistrationDelay()).isEqualTo(Duration.ofSeconds(300));
        assertThat(t.loadBalancer().algorithm()).isEqualTo(RoutingAlgorithm.ROUND_ROBIN);
        assertThat(t.queues().get(0).visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aFileSaysOnlyWhatDiffers() {
        Topology t = TopologyYaml.parse("timeScale: 0.05\nfleet:\n  count: 5\n  app:\n    command: [python3, app.py]\n"
                + "    env: {MODE: fast}\n");
        assertThat(t.timeScale()).isEqualTo(0.05);
        assertThat(t.fleet().count()).isEqualTo(5);
        assertThat(t.fleet().app().command()).containsExactly("python3", "app.py");
        assertThat(t.fleet().app().env()).containsEntry("MODE", "fast");
        assertThat(t.database()).isEqualTo(Topology.defaults().database());
    }

    @Test
    void aFleetCommandInAFileRunsFromThatFilesDirectory(@TempDir Path dir) throws IOException {
        Path proj = Files.createDirectories(dir.resolve("proj"));
        Files.writeString(proj.resolve("app.py"), "");
        Files.createDirectories(proj.resolve("build"));
        Files.writeString(proj.resolve("build/my-app.jar"), "");
        Path f = Files.writeString(proj.resolve("t.yaml"),
                "fleet: {app: {command: [python3, app.py, --port-from-env, build/my-app.jar, ./bin/server]}}\n");
        AppSpec app = TopologyYaml.load(f).fleet().app();
        assertThat(app.command()).as("files next to the topology file are made absolute; PATH names and options stay")
                .containsExactly("python3", proj.resolve("app.py").toString(), "--port-from-env",
                        proj.resolve("build/my-app.jar").toString(), "./bin/server");
        assertThat(app.workingDir()).isEqualTo(proj);

        Path g = Files.writeString(proj.resolve("g.yaml"), "fleet: {app: {command: [./bin/server], workingDir: data}}\n");
        AppSpec other = TopologyYaml.load(g).fleet().app();
        assertThat(other.command()).containsExactly(proj.resolve("bin/server").toString());
        assertThat(other.workingDir()).as("workingDir is relative to the topology file").isEqualTo(proj.resolve("data"));
    }

    @Test
    void aWorkingDirWithoutACommandIsAnError() {
        assertThatThrownBy(() -> TopologyYaml.parse("fleet: {app: {workingDir: data}}\n"))
                .isInstanceOf(TopologyException.class).hasMessageContaining("fleet.app.command");
    }

    @Test
    void componentsArePlacedAcrossAzs() {
        List<ComponentSpec> c = Topology.defaults().components();
        assertThat(c).extracting(ComponentSpec::name).containsExactly("db-primary", "db-replica-1", "redis", "sqs",
                "app-1", "app-2", "app-3", "alb");
        assertThat(c.get(0).az()).isEqualTo("us-east-1a");
        assertThat(c.get(1).az()).isEqualTo("us-east-1b");
        assertThat(c.get(5).az()).as("app-2 alternates to AZ b").isEqualTo("us-east-1b");
    }

    @Test
    void unknownFieldSuggestsTheClosestOne() {
        assertThatThrownBy(() -> TopologyYaml.parse("fleet:\n  cout: 3\n")).isInstanceOf(TopologyException.class)
                .hasMessage("fleet.cout: unknown field 'cout'; did you mean 'count'?");
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        assertThatThrownBy(() -> TopologyYaml.parse("fleet:\n  count: [3\n")).hasMessageContaining("malformed YAML at line");
    }

    @Test
    void wrongTypesAndUnitsAreExplained() {
        assertThatThrownBy(() -> TopologyYaml.parse("fleet:\n  count: three\n")).hasMessageContaining("fleet.count")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> TopologyYaml.parse("loadBalancer:\n  idleTimeout: 60\n"))
                .hasMessageContaining("has no unit; write e.g. 60s");
    }

    @Test
    void validationNamesFieldRangeAndFix() {
        assertThatThrownBy(() -> TopologyYaml.parse(
                "loadBalancer:\n  targetGroup:\n    healthCheck: {interval: 5s, timeout: 5s}\n"))
                .hasMessageContaining("healthCheck.timeout: must be less than the interval");
        assertThatThrownBy(() -> TopologyYaml.parse("timeScale: 0\n")).hasMessageContaining("timeScale: must be between");
        assertThatThrownBy(() -> TopologyYaml.parse(
                "loadBalancer:\n  targetGroup:\n    healthCheck: {interval: 1s, timeout: 500ms}\n"))
                .hasMessageStartingWith("loadBalancer.targetGroup.healthCheck.interval: must be between 5s and 300s, "
                        + "as AWS allows (got 1s)").hasMessageContaining("lower timeScale");
        assertThatThrownBy(() -> TopologyYaml.parse("loadBalancer:\n  targetGroup:\n    healthCheck: {matcher: 2xx}\n"))
                .hasMessageStartingWith("loadBalancer.targetGroup.healthCheck.matcher: matcher '2xx'")
                .hasMessageContaining("\"200-299\"");
        assertThatThrownBy(() -> TopologyYaml.parse("loadBalancer:\n  targetGroup:\n    healthCheck: {matcher: '500'}\n"))
                .hasMessageContaining("between 200 and 499");
        assertThatThrownBy(() -> TopologyYaml.parse("loadBalancer:\n  idleTimeout: 5000s\n"))
                .hasMessageStartingWith("loadBalancer.idleTimeout: must be between 1s and 4000s");
        assertThatThrownBy(() -> TopologyYaml.parse("loadBalancer:\n  targetGroup: {deregistrationDelay: 2h}\n"))
                .hasMessageStartingWith("loadBalancer.targetGroup.deregistrationDelay: must be between 0s and 3600s");
        assertThatThrownBy(() -> TopologyYaml.parse("fleet: {securityGroup: nope}\n"))
                .hasMessageContaining("unknown security group 'nope'; known: alb-sg, app-sg, cache-sg, db-sg");
        assertThatThrownBy(() -> TopologyYaml.parse("loadBalancer: {subnets: [public-a]}\n"))
                .hasMessageContaining("at least two availability zones");
        assertThatThrownBy(() -> TopologyYaml.parse("database: {primary: {subnet: public-a}}\n"))
                .hasMessageContaining("is public");
        assertThatThrownBy(() -> TopologyYaml.parse("queues:\n  - {name: q, deadLetter: {name: d, maxReceiveCount: 0}}\n"))
                .hasMessageContaining("maxReceiveCount: must be between 1 and 1000");
    }

    @Test
    void aDeadLetterQueueNamedButNotDeclaredIsCreated() {
        Topology t = TopologyYaml.parse("queues:\n  - {name: q, deadLetter: {name: q-dlq, maxReceiveCount: 2}}\n");
        assertThat(t.queues()).extracting(Queue::name).containsExactly("jobs", "jobs-dlq", "q", "q-dlq");
    }

    @Test
    void builderValidatesToo() {
        assertThatThrownBy(() -> Topology.builder().instances(99).build()).hasMessageContaining("fleet.count");
        assertThat(Topology.builder().replicas(2).build().database().replicaSubnets())
                .containsExactly("private-b", "private-a");
    }
}

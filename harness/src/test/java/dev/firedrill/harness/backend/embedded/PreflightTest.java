package dev.firedrill.harness.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.topology.IngressRule;
import dev.firedrill.harness.topology.SecurityGroup;
import dev.firedrill.harness.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {
    @TempDir
    Path dir;

    List<String> problems(Topology t) {
        return Preflight.problems(t, "t.yaml: ", System.getenv("PATH"), dir);
    }

    @Test
    void theDefaultTopologyCanStart() {
        assertThat(problems(Topology.defaults())).isEmpty();
    }

    @Test
    void aFleetCommandThatIsNotOnPathIsReportedWithTheClosestName() {
        List<String> p = problems(Topology.builder().app(List.of("pythn3", "app.py"), Map.of()).build());
        assertThat(p).singleElement().asString().startsWith("t.yaml: fleet.app.command[0]: 'pythn3' is not on PATH")
                .contains("did you mean 'python3'?");
    }

    @Test
    void aFleetCommandFileThatIsMissingOrNotExecutableIsReported() throws Exception {
        assertThat(problems(Topology.builder().app(List.of("./server"), Map.of()).build())).singleElement().asString()
                .contains("'./server' does not exist").contains(dir.toString());
        Files.writeString(dir.resolve("server"), "#!/bin/sh\n");
        assertThat(problems(Topology.builder().app(List.of("./server"), Map.of()).build())).singleElement().asString()
                .contains("not an executable file").contains("chmod +x ./server");
        dir.resolve("server").toFile().setExecutable(true);
        assertThat(problems(Topology.builder().app(List.of("./server"), Map.of()).build())).isEmpty();
    }

    @Test
    void securityGroupsThatDenyAppToDatabaseAreReportedOncePerMissingRule() {
        Topology d = Topology.defaults();
        List<SecurityGroup> sgs = new ArrayList<>();
        for (SecurityGroup g : d.securityGroups()) {
            sgs.add(g.name().equals(d.database().securityGroup())
                    ? new SecurityGroup(g.name(), List.of(IngressRule.fromGroup(5432, g.name()))) : g);
        }
        List<String> p = problems(d.toBuilder().securityGroups(sgs).build());
        assertThat(p).as("one line for the missing db-sg rule, not one per instance and server").singleElement()
                .asString().contains("t.yaml: securityGroups: the app cannot reach the database")
                .contains("no ingress rule for port 5432 from app-sg");
    }

    @Test
    void securityGroupsThatDenyAppToCacheAreAWarningNotAnError() {
        Topology t = dev.firedrill.harness.topology.TopologyYaml.parse(
                "securityGroups:\n  - {name: cache-sg, ingress: [{port: 6379, source: alb-sg}]}\n");
        assertThat(problems(t)).isEmpty();
        assertThat(dev.firedrill.harness.topology.SecurityGroupRules.warnings(t)).singleElement().asString().contains("deny app-1 → redis")
                .contains("cache-sg has no ingress rule for port 6379 from app-sg");
    }
}

package dev.firedrill.harness.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.internal.Cfn;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.topology.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated templates pass cfn-lint (CloudFormation's registry schemas, with their ranges and enums): the
 * default topology's and every built-in scenario's, FIS experiment templates included. Errors are never allowed;
 * the warnings in {@link #ALLOWED} are, each for its reason. Skipped, saying so, where cfn-lint is not on PATH.
 */
class AwsTemplateLintIT {
    /** Warnings the templates may have, and why. */
    static final Map<String, String> ALLOWED = Map.of(
            "W3010", "Avoid hardcoding availability zones: a topology names its AZs (vpc.azs, each subnet's az) and "
                    + "the template places subnets and replicas exactly there; it is a template for the topology's "
                    + "region, as FIS's AZ filters are");

    @TempDir
    static Path dir;

    private static String version;

    @BeforeAll
    static void findCfnLint() {
        try {
            Process p = new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start();
            version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            version = null;
        }
    }

    /** Each test, not the class, is skipped: surefire then lists every one as skipped, with the reason. */
    @BeforeEach
    void cfnLintIsOnPath() {
        assumeTrue(version != null && version.startsWith("cfn-lint"), "cfn-lint is not on PATH (pip install "
                + "cfn-lint): the CloudFormation lint of the generated templates is skipped");
    }

    /** One cfn-lint finding: {@code file:line:col:endLine:endCol:RULE:message}. */
    record Finding(String file, String rule, String message, String line) {
        boolean error() {
            return rule.startsWith("E");
        }
    }

    static List<Finding> lint(List<Path> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("cfn-lint", "--format", "parseable", "--"));
        files.forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
        List<Finding> findings = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split(":", 7);
            if (f.length == 7 && f[5].matches("[EWI]\\d+")) {
                findings.add(new Finding(Path.of(f[0]).getFileName().toString(), f[5], f[6], line));
            } else if (!line.isBlank()) {
                throw new AssertionError("cfn-lint said something unexpected (exit " + p.exitValue() + "):\n" + out);
            }
        }
        return findings;
    }

    static Path write(String name, JsonNode template) throws IOException {
        return Files.writeString(dir.resolve(name + ".json"), AwsTemplate.json(template));
    }

    @Test
    void everyGeneratedTemplatePassesCfnLint() throws Exception {
        // the default topology, each built-in scenario, and one with every fault shape FIS can make
        List<Path> files = new ArrayList<>();
        files.add(write("default", AwsTemplate.of(Topology.defaults(), "default-plan")));
        for (Map.Entry<String, Scenario> s : Templates.builtins().entrySet()) {
            files.add(write(s.getKey(), AwsTemplate.of(s.getValue(), s.getKey() + "-plan")));
        }
        files.add(write("every-kind", AwsTemplate.of(Templates.everyMappedKind(), "every-kind-plan")));
        List<Finding> findings = lint(files);
        List<String> refused = findings.stream().filter(f -> f.error() || !ALLOWED.containsKey(f.rule()))
                .map(Finding::line).toList();
        assertThat(refused).as("cfn-lint errors, or warnings not in ALLOWED").isEmpty();
    }

    @Test
    void theLintCatchesABrokenTemplate() throws Exception {
        ObjectNode t = AwsTemplate.of(Topology.defaults(), "r1");
        ((ObjectNode) t.at("/Resources/AlbTargetGroup/Properties")).put("HealthCheckIntervalSeconds", 2);
        List<Finding> findings = lint(List.of(write("broken", t)));
        assertThat(findings).anyMatch(f -> f.rule().equals("E3034") && f.message().contains("2 is less than the "
                + "minimum of 5"));
    }

    @Test
    void theTypesTheUnitTestsCallUntaggableHaveNoTagsInCloudFormationsSchemas() throws Exception {
        ObjectNode t = AwsTemplate.of(Topology.defaults(), "r1");
        Map<String, String> fileToType = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (String type : AwsTemplateTest.UNTAGGABLE) {
            if (type.equals("AWS::EC2::LaunchTemplate")) {
                continue; // tagged through TagSpecifications, which the schemas allow
            }
            ObjectNode copy = t.deepCopy();
            String id = Templates.ofType(copy, type).keySet().iterator().next();
            ((ObjectNode) copy.at("/Resources/" + id + "/Properties")).set("Tags", Cfn.arr(Cfn.tag("k", "v")));
            String name = "tagged-" + id;
            files.add(write(name, copy));
            fileToType.put(name + ".json", type);
        }
        List<Finding> findings = lint(files);
        fileToType.forEach((file, type) -> assertThat(findings).as(type + " takes no Tags")
                .anyMatch(f -> f.file().equals(file) && f.rule().equals("E3002") && f.message().contains("'Tags'")));
    }
}

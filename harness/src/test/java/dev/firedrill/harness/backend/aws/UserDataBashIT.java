package dev.firedrill.harness.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.topology.HealthCheck;
import dev.firedrill.harness.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The instances' user data is read by bash, which no CloudFormation lint looks at: every template's script parses
 * ({@code bash -n}, after {@code Fn::Sub}'s variables are replaced by placeholders), and the health wait's success-code
 * test accepts exactly the target group's codes.
 */
class UserDataBashIT {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(?!!)[^}]+}");

    @Test
    void everyTemplatesUserDataParsesAsBash() throws Exception {
        Map<String, ObjectNode> templates = AwsTemplateTest.everyTemplate();
        templates.put("user-app", AwsTemplate.of(Topology.defaults().toBuilder()
                .app(List.of("python3", "app.py", "it's"), Map.of("MODE", "${x}")).build(), "r1"));
        for (Map.Entry<String, ObjectNode> t : templates.entrySet()) {
            Result r = bash(List.of("-n"), substituted(userData(t.getValue())));
            assertThat(r.exit()).as("bash -n of %s's user data: %s", t.getKey(), r.output()).isZero();
        }
    }

    @Test
    void theHealthCodeTestAcceptsExactlyTheMatchersCodes() throws Exception {
        Topology t = Topology.defaults().toBuilder().healthCheck(HealthCheck.builder().path("/health")
                .matcher("200,202-204").build()).build();
        String script = userData(AwsTemplate.of(t, "r1"));
        Matcher m = Pattern.compile("\\(\\( (10#\\$c [^\\n]*?) \\)\\); }").matcher(script);
        assertThat(m.find()).as("the health_ok test in:\n%s", script).isTrue();
        for (String code : List.of("000", "199", "200", "201", "202", "204", "205", "503")) {
            Result r = bash(List.of(), "c=" + code + "; if (( " + m.group(1) + " )); then echo ok; else echo no; fi\n");
            boolean expected = List.of("200", "202", "204").contains(code);
            assertThat(r.output().trim()).as("HTTP %s", code).isEqualTo(expected ? "ok" : "no");
        }
    }

    private static String userData(ObjectNode template) {
        return Templates.properties(template, "AppLaunchTemplate").path("LaunchTemplateData").path("UserData")
                .path("Fn::Base64").path("Fn::Sub").path(0).asText();
    }

    /** What CloudFormation would hand bash: every {@code ${Name}} replaced, {@code ${!literal}} unescaped. */
    private static String substituted(String script) {
        return SUB_VARIABLE.matcher(script).replaceAll("placeholder").replace("${!", "${");
    }

    record Result(int exit, String output) {
    }

    private static Result bash(List<String> options, String script) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash"));
        cmd.addAll(options);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
        return new Result(p.exitValue(), out);
    }
}

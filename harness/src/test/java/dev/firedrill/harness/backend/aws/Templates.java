package dev.firedrill.harness.backend.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.scenario.ScenarioYaml;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyYaml;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading generated templates in tests: resources by type, and the logical ids a value refers to. */
final class Templates {
    private static final Pattern SUB_REF = Pattern.compile("\\$\\{([A-Za-z0-9]+)(?:\\.[^}]*)?}");

    private Templates() {
    }

    /** The built-in scenarios, by name, in {@code firedrill list}'s order. */
    static Map<String, Scenario> builtins() {
        Map<String, Scenario> out = new LinkedHashMap<>();
        ScenarioYaml.BUILTIN_NAMES.forEach(n -> out.put(n, ScenarioYaml.builtin(n).scenario()));
        return out;
    }

    /**
     * A scenario with every fault shape FIS can make, on a topology whose cache has its own subnet: latency towards
     * names and towards the load balancer's CIDRs, stop, restart, a cache cut off, an AZ partition, an AZ outage.
     */
    static Scenario everyMappedKind() {
        Topology t = TopologyYaml.parse("vpc:\n  subnets:\n    - {name: cache-a, az: us-east-1a, cidr: 10.0.20.0/24}\n"
                + "cache: {subnet: cache-a}\n");
        return Scenario.named("every-kind").topology(t).duration(Duration.ofSeconds(300))
                .fault(Duration.ofSeconds(1), FaultSpec.of("latency", "app->db-writer,redis", "10s",
                        Map.of("latency", "100ms")))
                .fault(Duration.ofSeconds(20), FaultSpec.of("latency", "alb->app", "20s", Map.of("latency", "50ms")))
                .fault(Duration.ofSeconds(5), FaultSpec.of("stop", "az(us-east-1b)", "90s", Map.of()))
                .fault(Duration.ofSeconds(5), FaultSpec.of("restart", "app-1", null, Map.of()))
                .fault(Duration.ofSeconds(5), FaultSpec.of("kill", "percent(50)", null, Map.of()))
                .fault(Duration.ofSeconds(5), FaultSpec.of("cache-outage", "redis", "10s", Map.of("mode", "partition")))
                .fault(Duration.ofSeconds(5), FaultSpec.of("partition", "az:us-east-1b|az:us-east-1a", "10s", Map.of()))
                .fault(Duration.ofSeconds(5), FaultSpec.of("az-outage", "us-east-1b", "10s", Map.of()))
                .fault(Duration.ofSeconds(60), FaultSpec.of("failover", "primary", null, Map.of()))
                .build();
    }

    /** The resources of {@code type}: logical id → resource. */
    static Map<String, JsonNode> ofType(JsonNode template, String type) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    static JsonNode properties(JsonNode template, String logicalId) {
        return template.path("Resources").path(logicalId).path("Properties");
    }

    /** Every logical id {@code value} names through Ref, Fn::GetAtt or Fn::Sub, at any depth. */
    static Set<String> referenced(JsonNode value) {
        Set<String> out = new TreeSet<>();
        collect(value, out);
        return out;
    }

    private static void collect(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            if (n.has("Ref")) {
                out.add(n.get("Ref").asText());
            }
            if (n.has("Fn::GetAtt")) {
                out.add(n.get("Fn::GetAtt").path(0).asText());
            }
            if (n.has("Fn::Sub")) {
                JsonNode sub = n.get("Fn::Sub");
                Matcher m = SUB_REF.matcher(sub.isArray() ? sub.path(0).asText() : sub.asText());
                while (m.find()) {
                    if (!sub.path(1).has(m.group(1))) { // a variable of the [text, variables] form is no id
                        out.add(m.group(1));
                    }
                }
            }
            n.elements().forEachRemaining(c -> collect(c, out));
        } else if (n.isArray()) {
            n.elements().forEachRemaining(c -> collect(c, out));
        }
    }

    /** The {@code Key=Value} pairs of a CloudFormation tag list. */
    static List<String> tagPairs(JsonNode tags) {
        List<String> out = new ArrayList<>();
        tags.forEach(t -> out.add(t.path("Key").asText() + "=" + t.path("Value").asText()));
        return out;
    }
}

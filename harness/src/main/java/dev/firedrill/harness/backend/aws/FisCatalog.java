package dev.firedrill.harness.backend.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.backend.aws.internal.FisChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The FIS actions the aws target uses, as the project ships them ({@code fis-actions.json} beside this class,
 * taken from ../shared/AWS.md and the FIS User Guide's actions reference): each action's target key and resource
 * type, its parameters (required or not, and their form), the resource types' target parameters, and the
 * parameters of the SSM documents FIS runs. cfn-lint checks a template against CloudFormation's schemas but knows
 * nothing of FIS's action semantics; {@link #check} does.
 *
 * <pre>{@code
 * List<String> problems = FisCatalog.standard().check(AwsTemplate.of(scenario, "run-1"));
 * }</pre>
 */
public final class FisCatalog {
    private static final String RESOURCE = "fis-actions.json";
    private static volatile FisCatalog standard;

    /** How a parameter's value is written: {@code duration}, {@code boolean}, {@code enum}, {@code percent}, {@code json}, {@code string}. */
    public record Parameter(String name, boolean required, String form, List<String> values) {
        public Parameter {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }

    /** An action: the key its target goes under in {@code Targets}, the resource type, its parameters. */
    public record Action(String id, String summary, String targetKey, String resourceType,
                         Map<String, Parameter> parameters) {
        public Action {
            parameters = Map.copyOf(parameters);
        }
    }

    /** A target resource type: whether it can be selected by ARN, and its target parameters. */
    public record ResourceType(String id, boolean byArn, Map<String, Parameter> parameters) {
        public ResourceType {
            parameters = Map.copyOf(parameters);
        }
    }

    private final String taken;
    private final Map<String, Action> actions;
    private final Map<String, ResourceType> resourceTypes;
    private final Map<String, Map<String, Parameter>> documents;

    private FisCatalog(String taken, Map<String, Action> actions, Map<String, ResourceType> resourceTypes,
            Map<String, Map<String, Parameter>> documents) {
        this.taken = taken;
        this.actions = Map.copyOf(actions);
        this.resourceTypes = Map.copyOf(resourceTypes);
        this.documents = Map.copyOf(documents);
    }

    /** The catalog the project ships. */
    public static FisCatalog standard() {
        FisCatalog c = standard;
        if (c == null) {
            try (InputStream in = FisCatalog.class.getResourceAsStream(RESOURCE)) {
                c = parse(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE + " from the classpath", e);
            }
            standard = c;
        }
        return c;
    }

    private static FisCatalog parse(JsonNode root) {
        Map<String, Action> actions = new LinkedHashMap<>();
        root.path("actions").properties().forEach(e -> {
            JsonNode a = e.getValue();
            actions.put(e.getKey(), new Action(e.getKey(), a.path("summary").asText(), a.path("targetKey").asText(),
                    a.path("resourceType").asText(), parameters(a.path("parameters"))));
        });
        Map<String, ResourceType> types = new LinkedHashMap<>();
        root.path("resourceTypes").properties().forEach(e -> types.put(e.getKey(), new ResourceType(e.getKey(),
                e.getValue().path("byArn").asBoolean(true), parameters(e.getValue().path("parameters")))));
        Map<String, Map<String, Parameter>> documents = new LinkedHashMap<>();
        root.path("documents").properties().forEach(e -> documents.put(e.getKey(), parameters(e.getValue())));
        return new FisCatalog(root.path("taken").asText(), actions, types, documents);
    }

    private static Map<String, Parameter> parameters(JsonNode node) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            JsonNode p = e.getValue();
            List<String> values = null;
            if (p.has("values")) {
                values = new java.util.ArrayList<>();
                for (JsonNode v : p.get("values")) {
                    values.add(v.asText());
                }
            }
            out.put(e.getKey(), new Parameter(e.getKey(), p.path("required").asBoolean(false),
                    p.path("form").asText("string"), values));
        });
        return out;
    }

    /** When the catalog was taken from its sources. */
    public String taken() {
        return taken;
    }

    /** The action with this id, or null. */
    public Action action(String id) {
        return actions.get(id);
    }

    public Map<String, Action> actions() {
        return actions;
    }

    public ResourceType resourceType(String id) {
        return resourceTypes.get(id);
    }

    /** The parameters of an SSM document FIS runs, or null when the catalog does not know it. */
    public Map<String, Parameter> document(String name) {
        return documents.get(name);
    }

    /**
     * Every problem with the template's {@code AWS::FIS::ExperimentTemplate} resources, each naming the resource,
     * the action or target and what is wrong: an unknown action id, a wrong target key or resource type, a
     * missing required or an unknown parameter, a value not of its form, a duration outside PT1M..PT12H, a target
     * no action uses or an action naming no target. Empty when all is well.
     */
    public List<String> check(JsonNode template) {
        return new FisChecks(this).check(template);
    }
}

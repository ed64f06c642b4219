package dev.firedrill.harness.backend.aws.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.backend.aws.FisCatalog;
import dev.firedrill.harness.backend.aws.FisCatalog.Parameter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@link FisCatalog#check}: walks a template's experiment templates and lists what the catalog says is wrong. */
public final class FisChecks {
    private static final Pattern SELECTION = Pattern.compile("ALL|COUNT\\((\\d+)\\)|PERCENT\\((\\d+)\\)");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{[^}!][^}]*}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FisCatalog catalog;
    private final List<String> problems = new ArrayList<>();

    public FisChecks(FisCatalog catalog) {
        this.catalog = catalog;
    }

    public List<String> check(JsonNode template) {
        for (Map.Entry<String, JsonNode> r : template.path("Resources").properties()) {
            if ("AWS::FIS::ExperimentTemplate".equals(r.getValue().path("Type").asText())) {
                experiment(r.getKey(), r.getValue().path("Properties"));
            }
        }
        return List.copyOf(problems);
    }

    private void experiment(String id, JsonNode p) {
        JsonNode targets = p.path("Targets");
        JsonNode actions = p.path("Actions");
        if (!actions.isObject() || actions.isEmpty()) {
            problems.add(id + ": has no Actions");
            return;
        }
        Set<String> used = new HashSet<>();
        actions.properties().forEach(a -> action(id, a.getKey(), a.getValue(), targets, used));
        targets.properties().forEach(t -> {
            target(id, t.getKey(), t.getValue());
            if (!used.contains(t.getKey())) {
                problems.add(id + ": target '" + t.getKey() + "' is used by no action");
            }
        });
    }

    private void action(String id, String name, JsonNode a, JsonNode targets, Set<String> used) {
        String actionId = a.path("ActionId").asText();
        FisCatalog.Action spec = catalog.action(actionId);
        if (spec == null) {
            problems.add(id + ": action '" + name + "': unknown action id '" + actionId + "'; the catalog knows "
                    + String.join(", ", catalog.actions().keySet().stream().sorted().toList()));
            return;
        }
        String where = id + ": action '" + name + "' (" + actionId + ")";
        JsonNode t = a.path("Targets");
        if (t.size() != 1 || !t.has(spec.targetKey())) {
            List<String> keys = new ArrayList<>();
            t.fieldNames().forEachRemaining(keys::add);
            problems.add(where + ": target key " + (keys.isEmpty() ? "missing" : "'" + String.join("', '", keys)
                    + "' is wrong") + "; this action's target key is '" + spec.targetKey() + "'");
        }
        t.properties().forEach(e -> {
            String target = e.getValue().asText();
            used.add(target);
            JsonNode tn = targets.path(target);
            if (tn.isMissingNode()) {
                problems.add(where + ": names target '" + target + "', which Targets does not define");
            } else if (!spec.resourceType().equals(tn.path("ResourceType").asText())) {
                problems.add(where + ": target '" + target + "' has resource type '" + tn.path("ResourceType")
                        .asText() + "'; this action acts on '" + spec.resourceType() + "'");
            }
        });
        parameters(where, spec.parameters(), a.path("Parameters"), "parameter");
        if (actionId.equals("aws:ssm:send-command")) {
            document(where, a.path("Parameters"));
        }
    }

    private void target(String id, String name, JsonNode t) {
        String where = id + ": target '" + name + "'";
        String type = t.path("ResourceType").asText();
        FisCatalog.ResourceType spec = catalog.resourceType(type);
        if (spec == null) {
            problems.add(where + ": unknown resource type '" + type + "'");
            return;
        }
        boolean arns = t.has("ResourceArns");
        if (!arns && !t.has("ResourceTags") && !t.has("Filters") && !t.has("Parameters")) {
            problems.add(where + ": selects nothing: give ResourceArns, ResourceTags or Filters");
        }
        if (arns && !spec.byArn()) {
            problems.add(where + ": " + type + " targets cannot be given by ARN; select them by ResourceTags or "
                    + "Filters");
        }
        String mode = t.path("SelectionMode").asText();
        java.util.regex.Matcher m = SELECTION.matcher(mode);
        if (!m.matches()) {
            problems.add(where + ": SelectionMode '" + mode + "' is not ALL, COUNT(n) or PERCENT(n)");
        } else if (m.group(1) != null && Integer.parseInt(m.group(1)) < 1
                || m.group(2) != null && (Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 100)) {
            problems.add(where + ": SelectionMode '" + mode + "' is out of range (COUNT at least 1, PERCENT 1-100)");
        }
        parameters(where, spec.parameters(), t.path("Parameters"), "target parameter");
    }

    private void parameters(String where, Map<String, Parameter> spec, JsonNode given, String what) {
        for (Parameter p : spec.values()) {
            if (p.required() && !given.has(p.name())) {
                problems.add(where + ": required " + what + " '" + p.name() + "' is missing");
            }
        }
        given.properties().forEach(e -> {
            Parameter p = spec.get(e.getKey());
            if (p == null) {
                problems.add(where + ": unknown " + what + " '" + e.getKey() + "'"
                        + (spec.isEmpty() ? "; it takes none" : "; known: " + String.join(", ",
                        spec.keySet().stream().sorted().toList())));
            } else {
                value(where + ": " + what + " '" + p.name() + "'", p, e.getValue());
            }
        });
    }

    /** A literal value against its form; intrinsics ({@code Fn::Sub}, {@code Ref}) are checked where they can be. */
    private void value(String where, Parameter p, JsonNode v) {
        if (!v.isTextual()) {
            if (v.isObject() && v.has("Fn::Sub") && p.form().equals("json")) {
                json(where, SUB_VARIABLE.matcher(subText(v)).replaceAll("x"));
            } else if (!v.isObject()) {
                problems.add(where + ": must be a string (got " + v + ")");
            }
            return;
        }
        String s = v.asText();
        switch (p.form()) {
            case "duration" -> duration(where, s);
            case "boolean" -> {
                if (!s.equals("true") && !s.equals("false")) {
                    problems.add(where + ": '" + s + "' is not \"true\" or \"false\"");
                }
            }
            case "enum" -> {
                if (!p.values().contains(s)) {
                    problems.add(where + ": '" + s + "' is not one of " + String.join(", ", p.values()));
                }
            }
            case "percent" -> {
                if (!s.matches("\\d{1,3}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 100) {
                    problems.add(where + ": '" + s + "' is not a percentage from 1 to 100");
                }
            }
            case "json" -> json(where, s);
            default -> {
                if (s.isBlank()) {
                    problems.add(where + ": is empty");
                }
            }
        }
    }

    private void duration(String where, String s) {
        try {
            Duration d = Duration.parse(s);
            if (d.compareTo(FisJson.MIN) < 0 || d.compareTo(FisJson.MAX) > 0) {
                problems.add(where + ": " + s + " is outside FIS's PT1M..PT12H");
            }
        } catch (DateTimeParseException e) {
            problems.add(where + ": '" + s + "' is not an ISO-8601 duration such as PT1M or PT2H");
        }
    }

    private void json(String where, String text) {
        try {
            if (!JSON.readTree(text).isObject()) {
                problems.add(where + ": is not a JSON object");
            }
        } catch (JsonProcessingException e) {
            problems.add(where + ": is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** The text of an {@code Fn::Sub}, in its string or its [text, variables] form. */
    private static String subText(JsonNode sub) {
        JsonNode s = sub.path("Fn::Sub");
        return s.isArray() ? s.path(0).asText() : s.asText();
    }

    /** An SSM document's own parameters, when the catalog knows the document and they are readable here. */
    private void document(String where, JsonNode params) {
        JsonNode arn = params.path("documentArn");
        String text = arn.isTextual() ? arn.asText() : subText(arn);
        String name = text.substring(text.lastIndexOf('/') + 1);
        Map<String, Parameter> spec = catalog.document(name);
        JsonNode dp = params.path("documentParameters");
        String json = dp.isTextual() ? dp.asText() : dp.has("Fn::Sub") ? subText(dp) : null;
        if (spec == null || json == null) {
            return;
        }
        try {
            JsonNode doc = JSON.readTree(SUB_VARIABLE.matcher(json).replaceAll("x"));
            parameters(where + " document " + name, spec, doc, "document parameter");
        } catch (JsonProcessingException e) {
            // reported by the json form check
        }
    }
}

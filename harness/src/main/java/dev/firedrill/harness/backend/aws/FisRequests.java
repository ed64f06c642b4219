package dev.firedrill.harness.backend.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateActionInput;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateExperimentOptionsInput;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateRequest;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateStopConditionInput;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateTargetInput;
import software.amazon.awssdk.services.fis.model.ExperimentTemplateTargetInputFilter;

/**
 * The FIS API's shape of an experiment template the plan generated as an {@code AWS::FIS::ExperimentTemplate}: the
 * same targets, actions, stop conditions, options and tags, with the template's {@code Fn::GetAtt}s (the FIS role's
 * ARN, the alarm's ARN) resolved by {@code resolve}. The aws backend creates experiments this way where the stack
 * does not hold them, and moto (which accepts CreateExperimentTemplate but runs no experiment) checks the shape.
 */
public final class FisRequests {
    private FisRequests() {
    }

    /**
     * @param properties the CloudFormation properties of one experiment template
     * @param resolve a logical id's attribute ({@code FisRole.Arn}) → its value
     */
    public static CreateExperimentTemplateRequest create(JsonNode properties, Function<String, String> resolve) {
        Map<String, CreateExperimentTemplateTargetInput> targets = new LinkedHashMap<>();
        properties.path("Targets").properties().forEach(e -> {
            JsonNode t = e.getValue();
            CreateExperimentTemplateTargetInput.Builder b = CreateExperimentTemplateTargetInput.builder()
                    .resourceType(t.path("ResourceType").asText()).selectionMode(t.path("SelectionMode").asText());
            if (t.has("ResourceTags")) {
                b.resourceTags(strings(t.path("ResourceTags")));
            }
            if (t.has("ResourceArns")) {
                b.resourceArns(list(t.path("ResourceArns")));
            }
            if (t.has("Parameters")) {
                b.parameters(strings(t.path("Parameters")));
            }
            if (t.has("Filters")) {
                b.filters(java.util.stream.StreamSupport.stream(t.path("Filters").spliterator(), false)
                        .map(f -> ExperimentTemplateTargetInputFilter.builder().path(f.path("Path").asText())
                                .values(list(f.path("Values"))).build()).toList());
            }
            targets.put(e.getKey(), b.build());
        });
        Map<String, CreateExperimentTemplateActionInput> actions = new LinkedHashMap<>();
        properties.path("Actions").properties().forEach(e -> {
            JsonNode a = e.getValue();
            CreateExperimentTemplateActionInput.Builder b = CreateExperimentTemplateActionInput.builder()
                    .actionId(a.path("ActionId").asText()).description(a.path("Description").asText(null));
            if (a.has("Parameters")) {
                b.parameters(strings(a.path("Parameters")));
            }
            if (a.has("Targets")) {
                b.targets(strings(a.path("Targets")));
            }
            if (a.has("StartAfter")) {
                b.startAfter(list(a.path("StartAfter")));
            }
            actions.put(e.getKey(), b.build());
        });
        List<CreateExperimentTemplateStopConditionInput> stops = java.util.stream.StreamSupport.stream(
                properties.path("StopConditions").spliterator(), false).map(s -> CreateExperimentTemplateStopConditionInput
                        .builder().source(s.path("Source").asText()).value(value(s.path("Value"), resolve)).build()).toList();
        CreateExperimentTemplateRequest.Builder r = CreateExperimentTemplateRequest.builder()
                .description(properties.path("Description").asText()).roleArn(value(properties.path("RoleArn"), resolve))
                .targets(targets).actions(actions).stopConditions(stops).tags(strings(properties.path("Tags")));
        JsonNode o = properties.path("ExperimentOptions");
        if (!o.isMissingNode()) {
            r.experimentOptions(CreateExperimentTemplateExperimentOptionsInput.builder()
                    .accountTargeting(o.path("AccountTargeting").asText(null))
                    .emptyTargetResolutionMode(o.path("EmptyTargetResolutionMode").asText(null)).build());
        }
        return r.build();
    }

    private static String value(JsonNode v, Function<String, String> resolve) {
        if (v.has("Fn::GetAtt")) {
            return resolve.apply(v.path("Fn::GetAtt").path(0).asText() + "." + v.path("Fn::GetAtt").path(1).asText());
        }
        if (v.has("Ref")) {
            return resolve.apply(v.path("Ref").asText());
        }
        return v.asText();
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static List<String> list(JsonNode a) {
        return java.util.stream.StreamSupport.stream(a.spliterator(), false).map(JsonNode::asText).toList();
    }
}

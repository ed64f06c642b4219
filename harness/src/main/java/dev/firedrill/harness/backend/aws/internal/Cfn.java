package dev.firedrill.harness.backend.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;

/** CloudFormation's JSON vocabulary: intrinsic functions and small builders, so the parts read like the template. */
public final class Cfn {
    public static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Cfn() {
    }

    public static ObjectNode obj() {
        return F.objectNode();
    }

    public static ArrayNode arr(JsonNode... items) {
        ArrayNode a = F.arrayNode();
        for (JsonNode i : items) {
            a.add(i);
        }
        return a;
    }

    /** An array of {@code items} (named apart from {@link #arr(JsonNode...)}: a generic {@code set(...)} result
     * passed to an overloaded {@code arr} would be inferred as a collection). */
    public static ArrayNode list(Collection<? extends JsonNode> items) {
        ArrayNode a = F.arrayNode();
        items.forEach(a::add);
        return a;
    }

    public static ArrayNode strings(Collection<String> items) {
        ArrayNode a = F.arrayNode();
        items.forEach(a::add);
        return a;
    }

    /** {@code {"Ref": id}}: a resource's id (or a parameter's value). */
    public static ObjectNode ref(String logicalId) {
        return obj().put("Ref", logicalId);
    }

    /** {@code {"Fn::GetAtt": [id, attribute]}}. */
    public static ObjectNode getAtt(String logicalId, String attribute) {
        ObjectNode n = obj();
        n.set("Fn::GetAtt", arr(F.textNode(logicalId), F.textNode(attribute)));
        return n;
    }

    /** {@code {"Fn::Sub": text}}: {@code ${Id}}, {@code ${Id.Attr}} and {@code ${AWS::Region}} are replaced. */
    public static ObjectNode sub(String text) {
        return obj().put("Fn::Sub", text);
    }

    /**
     * {@code {"Fn::Sub": [text, variables]}}: {@code ${Name}} in {@code text} is the variable's value. Attributes go
     * through variables rather than as {@code ${Id.Attr.Sub}}, which moto 5.2 reads as attribute {@code Attr}.
     */
    public static ObjectNode sub(String text, ObjectNode variables) {
        if (variables.isEmpty()) {
            return sub(text);
        }
        ObjectNode n = obj();
        n.set("Fn::Sub", arr(F.textNode(text), variables));
        return n;
    }

    public static ObjectNode base64(JsonNode value) {
        ObjectNode n = obj();
        n.set("Fn::Base64", value);
        return n;
    }

    /** Text to put verbatim inside an {@code Fn::Sub} string: {@code ${} is written {@code ${!}. */
    public static String subLiteral(String text) {
        return text.replace("${", "${!");
    }

    /** A {@code {Key, Value}} pair as CloudFormation's tag lists hold them. */
    public static ObjectNode tag(String key, String value) {
        return obj().put("Key", key).put("Value", value);
    }

    /** An IAM policy document of these statements. */
    public static ObjectNode policy(List<ObjectNode> statements) {
        ObjectNode doc = obj().put("Version", "2012-10-17");
        doc.set("Statement", list(statements));
        return doc;
    }

    /** An {@code Allow} statement of {@code actions} on {@code resource} (a string or an intrinsic). */
    public static ObjectNode allow(List<String> actions, JsonNode resource) {
        ObjectNode s = obj().put("Effect", "Allow");
        s.set("Action", strings(actions));
        s.set("Resource", resource);
        return s;
    }

    /** A managed policy's ARN in any partition: {@code arn:${AWS::Partition}:iam::aws:policy/<path>}. */
    public static ObjectNode managedPolicy(String path) {
        return sub("arn:${AWS::Partition}:iam::aws:policy/" + path);
    }
}

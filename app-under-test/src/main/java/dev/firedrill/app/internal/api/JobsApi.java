package dev.firedrill.app.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.app.internal.db.Job;
import dev.firedrill.app.internal.db.Pooled;
import dev.firedrill.app.internal.http.ApiException;
import dev.firedrill.app.internal.http.Exchange;
import dev.firedrill.app.internal.http.Reply;
import dev.firedrill.app.internal.http.Router;
import dev.firedrill.app.internal.jobs.Jobs;
import java.util.Optional;
import java.util.UUID;

/** POST /jobs (enqueue, 202) and GET /jobs/{id} (status and attempts). */
public final class JobsApi {
    private final Jobs jobs;
    private final ObjectMapper json;

    public JobsApi(Jobs jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    public void register(Router router) {
        router.add("POST", "/jobs", this::enqueue).add("GET", "/jobs/{id}", this::status);
    }

    private Reply enqueue(Exchange ex) {
        JsonNode body = ex.jsonObject();
        if (!body.has("payload")) {
            throw ApiException.badRequest("missing_field",
                    "field 'payload' is required, e.g. {\"payload\": {\"n\": 1}}; {\"poison\": true} always fails");
        }
        Job job = jobs.enqueue(body.get("payload"));
        return Reply.json(202, render(job)).header("Location", "/jobs/" + job.id()).header("X-Db-Pool", "writer");
    }

    private Reply status(Exchange ex) {
        UUID id;
        try {
            id = UUID.fromString(ex.pathParam(0));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_id", "job id '" + ex.pathParam(0) + "' is not a UUID");
        }
        String consistent = ex.query("consistent");
        Pooled<Optional<Job>> found = jobs.find(id, "true".equalsIgnoreCase(consistent));
        Job job = found.value().orElseThrow(() -> ApiException.notFound("job " + id + " does not exist"));
        return Reply.json(200, render(job)).header("X-Db-Pool", found.pool().header());
    }

    private String render(Job job) {
        ObjectNode node = json.createObjectNode().put("id", job.id()).put("status", job.status())
                .put("attempts", job.attempts())
                .put("deliveries", job.deliveries()).put("executions", job.executions());
        node.set("payload", parse(job.payloadJson()));
        if (job.resultJson() != null) {
            node.set("result", parse(job.resultJson()));
        }
        node.put("lastError", job.lastError()).put("processedBy", job.processedBy())
                .put("doneAt", job.doneAt() == null ? null : job.doneAt().toString());
        return node.toString();
    }

    private JsonNode parse(String text) {
        try {
            return text == null ? json.nullNode() : json.readTree(text);
        } catch (Exception e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}

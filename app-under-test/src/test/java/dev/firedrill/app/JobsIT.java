package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class JobsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AppTestEnvironment env;
    private static AppTestEnvironment.Queues queues;
    private static String db;
    private static App first;
    private static App second;

    @BeforeAll
    static void start() throws Exception {
        env = AppTestEnvironment.shared();
        db = env.newDatabase("jobs");
        queues = env.newQueues();
        first = App.start(env.env("jobs-a", db, queues));
        second = App.start(env.env("jobs-b", db, queues));
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void eachJobIsProcessedExactlyOnceByTwoCompetingWorkers() throws Exception {
        AppClient client = new AppClient(first.port());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> accepted = client.post("/jobs", "{\"payload\":{\"n\":" + i + "}}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            ids.add(JSON.readTree(accepted.body()).get("id").asText());
        }
        for (String id : ids) {
            JsonNode job = awaitStatus(client, id, "done");
            assertThat(job.get("attempts").asInt()).as("job %s must run once", id).isEqualTo(1);
        }
        try (Connection c = env.jdbc(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), sum(attempts), count(DISTINCT processed_by)"
                     + " FROM jobs WHERE status = 'done'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(20);
            assertThat(rs.getInt(2)).as("no job ran twice").isEqualTo(20);
        }
        assertThat(depth(queues.jobsUrl())).as("processed messages are deleted").isZero();
    }

    @Test
    void aPoisonMessageReachesTheDeadLetterQueue() throws Exception {
        AppClient client = new AppClient(second.port());
        HttpResponse<String> accepted = client.post("/jobs", "{\"payload\":{\"poison\":true}}");
        String id = JSON.readTree(accepted.body()).get("id").asText();
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<Message> dead = List.of();
        while (dead.isEmpty() && System.nanoTime() < deadline) {
            dead = env.sqs().receiveMessage(b -> b.queueUrl(queues.dlqUrl()).waitTimeSeconds(1)).messages();
        }
        assertThat(dead).as("the poison job must be redriven to the DLQ within 30 s").hasSize(1);
        assertThat(JSON.readTree(dead.get(0).body()).get("jobId").asText()).isEqualTo(id);
        JsonNode job = JSON.readTree(client.get("/jobs/" + id + "?consistent=true").body());
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(job.get("attempts").asInt()).as("maxReceiveCount is 2").isEqualTo(2);
        assertThat(job.get("lastError").asText()).contains("poison");
    }

    @Test
    void aJobSlowerThanTheVisibilityTimeoutIsDeliveredTwiceButItsWorkRunsOnce() throws Exception {
        AppClient client = new AppClient(first.port());
        java.time.Instant before = java.time.Instant.now();
        String id = enqueueSlowJob(client);
        JsonNode job = awaitDeliveries(client, id, 2);
        assertThat(job.get("status").asText()).isEqualTo("done");
        assertThat(job.get("executions").asInt()).as("the second delivery is skipped as a duplicate: %s", job)
                .isEqualTo(1);
        // doneAt is when the work finished (clock_timestamp), not when its transaction began
        java.time.Instant doneAt = java.time.Instant.parse(job.get("doneAt").asText());
        assertThat(java.time.Duration.between(before, doneAt)).as("doneAt %s", job)
                .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(1_400));
    }

    @Test
    void withoutDedupTheRedeliveredJobRunsTwice() throws Exception {
        AppTestEnvironment.Queues own = env.newQueues();
        Map<String, String> weak = new java.util.HashMap<>(env.env("jobs-weak-a", db, own));
        weak.put("JOBS_DEDUP", "false");
        try (App a = App.start(weak); App b = App.start(withId(weak, "jobs-weak-b"))) {
            AppClient client = new AppClient(a.port());
            String id = enqueueSlowJob(client);
            JsonNode job = awaitDeliveries(client, id, 2);
            long deadline = System.nanoTime() + 30_000_000_000L;
            String firstDoneAt = job.get("executions").asInt() == 1 ? job.get("doneAt").asText() : null;
            while (job.get("executions").asInt() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                job = JSON.readTree(client.get("/jobs/" + id + "?consistent=true").body());
                if (firstDoneAt == null && job.get("executions").asInt() == 1) {
                    firstDoneAt = job.get("doneAt").asText();
                }
            }
            assertThat(job.get("executions").asInt()).as("JOBS_DEDUP=false runs the work again: %s", job)
                    .isGreaterThanOrEqualTo(2);
            if (firstDoneAt != null) {
                assertThat(job.get("doneAt").asText()).as("doneAt stays the first completion").isEqualTo(firstDoneAt);
            }
        }
    }

    /** A job whose work (1.5 s) outlasts the queue's 1 s visibility timeout, so SQS hands it to the other worker. */
    private static String enqueueSlowJob(AppClient client) throws Exception {
        HttpResponse<String> accepted = client.post("/jobs", "{\"payload\":{\"workMs\":1500}}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        return JSON.readTree(accepted.body()).get("id").asText();
    }

    private static JsonNode awaitDeliveries(AppClient client, String id, int deliveries) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode job;
        do {
            job = JSON.readTree(client.get("/jobs/" + id + "?consistent=true").body());
            if (job.path("deliveries").asInt() >= deliveries) {
                return job;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job " + id + " was not delivered " + deliveries + " times within 30 s: " + job);
    }

    private static Map<String, String> withId(Map<String, String> env, String instanceId) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.put("INSTANCE_ID", instanceId);
        return copy;
    }

    @Test
    void unknownAndMalformedJobIdsAre404And400() throws Exception {
        AppClient client = new AppClient(first.port());
        assertThat(client.get("/jobs/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
        assertThat(client.get("/jobs/not-a-uuid").statusCode()).isEqualTo(400);
        assertThat(client.post("/jobs", "{\"nopayload\":1}").statusCode()).isEqualTo(400);
    }

    private static JsonNode awaitStatus(AppClient client, String id, String status) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode job;
        do {
            job = JSON.readTree(client.get("/jobs/" + id).body());
            if (status.equals(job.path("status").asText())) {
                return job;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job " + id + " never reached '" + status + "': " + job);
    }

    private static int depth(String url) {
        Map<QueueAttributeName, String> a = env.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}

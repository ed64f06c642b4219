package dev.firedrill.harness.backend.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.internal.Ports;
import dev.firedrill.harness.topology.Queue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The real ElasticMQ server: queues with redrive, and a stop that does not wait for open long polls. */
class SqsNodeTest {

    @Test
    void queuesAreCreatedWithScaledVisibilityAndRedrive() {
        int port = Ports.freePort();
        try (SqsNode node = SqsNode.start(port, port, "eu-west-1"); SqsClient sqs = node.client()) {
            Map<String, String> urls = node.createQueues(List.of(new Queue("jobs", Duration.ofSeconds(30),
                    "jobs-dlq", 3), new Queue("jobs-dlq", Duration.ofSeconds(30), null, 0)), 0.1);
            assertThat(urls).containsOnlyKeys("jobs", "jobs-dlq");
            var attrs = sqs.getQueueAttributes(b -> b.queueUrl(urls.get("jobs")).attributeNamesWithStrings("All"))
                    .attributesAsStrings();
            assertThat(attrs).containsEntry("VisibilityTimeout", "3");
            assertThat(attrs.get("RedrivePolicy")).contains("jobs-dlq").containsPattern("\"maxReceiveCount\":\"?3");
        }
    }

    @Test
    void closingCutsAnOpenLongPollInsteadOfWaitingItOut() throws Exception {
        int port = Ports.freePort();
        SqsNode node = SqsNode.start(port, port, "eu-west-1");
        try (node; SqsClient poller = node.client()) {
            String url = node.createQueues(List.of(new Queue("q", Duration.ofSeconds(30), null, 0)), 1).get("q");
            CompletableFuture<Object> poll = CompletableFuture.supplyAsync(() -> {
                try {
                    return poller.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)).messages();
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.sleep(500); // the poll is open on the server
            node.close();
            // ElasticMQ's own stop would hold the 20 s poll open to its end; 10 s leaves a wide margin either way
            Object outcome = poll.get(10, TimeUnit.SECONDS);
            assertThat(outcome).as("the long poll was cut by close()").isInstanceOf(RuntimeException.class);
        }
    }
}

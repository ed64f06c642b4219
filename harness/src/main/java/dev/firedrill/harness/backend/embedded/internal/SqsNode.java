package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.topology.Queue;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS-compatible endpoint: ElasticMQ inside the harness JVM. Queue URLs name the address apps
 * see ({@code advertisedPort}, normally a link in front of the server) so that traffic follows the
 * edges faults act on.
 */
public final class SqsNode implements AutoCloseable {
    private final ActorSystem system;
    private final SQSRestServer server;
    private final int port;
    private final String region;
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqsNode(ActorSystem system, SQSRestServer server, int port, String region) {
        this.system = system;
        this.server = server;
        this.port = port;
        this.region = region;
    }

    /** Starts ElasticMQ on 127.0.0.1:port. */
    public static SqsNode start(int port, int advertisedPort, String region) {
        // our own actor system, so that close() can stop it without ElasticMQ's stop, which waits out open long
        // polls (see close)
        ActorSystem system = ActorSystem.create("elasticmq");
        try {
            SQSRestServer s = SQSRestServerBuilder.withActorSystem(system).withInterface("127.0.0.1").withPort(port)
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", advertisedPort, ""))
                    .withAWSRegion(region).withAWSAccountId("000000000000").start();
            s.waitUntilStarted();
            return new SqsNode(system, s, port, region);
        } catch (RuntimeException e) {
            terminate(system);
            throw new ProvisioningException("sqs", "ElasticMQ did not start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** Creates the queues (dead-letter queues first) with visibility timeouts scaled by {@code timeScale}. */
    public Map<String, String> createQueues(List<Queue> queues, double timeScale) {
        try (SqsClient sqs = client()) {
            List<Queue> ordered = queues.stream().sorted((a, b) -> Boolean.compare(a.deadLetterQueue() != null,
                    b.deadLetterQueue() != null)).toList();
            for (Queue q : ordered) {
                Map<QueueAttributeName, String> attrs = new LinkedHashMap<>();
                attrs.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilitySeconds(q.visibilityTimeout(),
                        timeScale)));
                if (q.deadLetterQueue() != null) {
                    String dlqUrl = queueUrls.get(q.deadLetterQueue());
                    String arn = sqs.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(dlqUrl)
                            .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes()
                            .get(QueueAttributeName.QUEUE_ARN);
                    attrs.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + arn
                            + "\",\"maxReceiveCount\":\"" + q.maxReceiveCount() + "\"}");
                }
                String url = sqs.createQueue(CreateQueueRequest.builder().queueName(q.name()).attributes(attrs).build())
                        .queueUrl();
                queueUrls.put(q.name(), url);
            }
        }
        return Map.copyOf(queueUrls);
    }

    /** SQS visibility timeouts are whole seconds; a scaled value is rounded up to at least 1 s. */
    public static long visibilitySeconds(Duration aws, double timeScale) {
        if (aws.isZero()) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil(aws.toMillis() * timeScale / 1000.0));
    }

    /** A client talking to the server directly (not through a link): for setup and samplers. */
    public SqsClient client() {
        return SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(25)))
                .build();
    }

    public int port() {
        return port;
    }

    public Map<String, String> queueUrls() {
        return Map.copyOf(queueUrls);
    }

    /**
     * Stops the server: unbinds and cuts open connections after a 200 ms grace, then ends the actor system.
     * ElasticMQ's own stop would wait for every open long poll to end (up to its WaitTimeSeconds, 20 s at most),
     * even when the pollers are gone. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            FiniteDuration grace = FiniteDuration.apply(200, TimeUnit.MILLISECONDS);
            Await.result(server.waitUntilStarted().terminate(grace), FiniteDuration.apply(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not bound, or already stopped: the actor system still goes below
        }
        terminate(system);
    }

    private static void terminate(ActorSystem system) {
        try {
            system.terminate();
            Await.result(system.whenTerminated(), FiniteDuration.apply(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // already terminated, or it did not end within 10 s
        }
    }
}

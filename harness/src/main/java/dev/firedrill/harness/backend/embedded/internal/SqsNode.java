package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.ManagedProcess;
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

    private final String host;
    /** The container running the queue service on the containers backend; null for the in-process ElasticMQ. */
    private final ManagedProcess process;

    private SqsNode(ActorSystem system, SQSRestServer server, int port, String region) {
        this.system = system;
        this.server = server;
        this.port = port;
        this.region = region;
        this.host = "127.0.0.1";
        this.process = null;
    }

    private SqsNode(String host, int port, String region, ManagedProcess process) {
        this.system = null;
        this.server = null;
        this.host = host;
        this.port = port;
        this.region = region;
        this.process = process;
    }

    /**
     * An SQS-compatible service at {@code host:port} that runs elsewhere ({@code process}: its container); waits up
     * to {@code timeout} until it answers ListQueues. {@link #close()} stops {@code process}.
     */
    public static SqsNode external(String host, int port, String region, ManagedProcess process, Duration timeout) {
        SqsNode node = new SqsNode(host, port, region, process);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        try (SqsClient c = node.client()) {
            while (true) {
                if (process != null && !process.isAlive()) {
                    throw new ProvisioningException("sqs", "the queue service exited before answering ListQueues on "
                            + host + ":" + port + ": " + process.diagnostics());
                }
                try {
                    c.listQueues();
                    return node;
                } catch (RuntimeException e) {
                    last = e.getMessage();
                }
                if (System.nanoTime() > deadline) {
                    throw new ProvisioningException("sqs", "the queue service did not answer ListQueues on " + host
                            + ":" + port + " within " + timeout.toSeconds() + " s (last error: " + last + ")"
                            + (process == null ? "" : "; " + process.diagnostics()));
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProvisioningException("sqs", "interrupted while waiting for the queue service");
                }
            }
        } catch (RuntimeException e) {
            if (process != null) {
                process.kill();
            }
            throw e;
        }
    }

    /** The container (containers backend), or null when ElasticMQ runs in the harness. */
    public ManagedProcess process() {
        return process;
    }

    /** Where the harness reaches it. */
    public String host() {
        return host;
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
        return SqsClient.builder().endpointOverride(URI.create("http://" + host + ":" + port))
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
        if (server == null) {
            if (process != null) {
                process.stop(Duration.ofSeconds(2));
            }
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

package dev.firedrill.app.internal.jobs;

import dev.firedrill.app.AppConfig;
import dev.firedrill.app.internal.trace.Tracing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The jobs queue over the SDK's synchronous SqsClient with the JDK URL-connection transport (no Netty, no
 * Apache client). Every call is bounded by SQS_TIMEOUT_MS; long polls get JOBS_WAIT_SECONDS on top. Without
 * SQS_ENDPOINT the client uses AWS_REGION's endpoint; credentials: {@link SqsCredentials}. Building it does no I/O.
 */
public final class JobQueue implements AutoCloseable {
    private final SqsClient sqs;
    private final String queueUrl;
    private final int waitSeconds;
    private final int maxMessages;
    private final Duration pollTimeout;
    private final SqsCredentials credentials;
    private final Tracing tracing;
    private final String queueName;

    public JobQueue(AppConfig config) {
        this(config, Tracing.off());
    }

    /** With tracing on, a send is a PRODUCER span whose context travels in the message attributes. */
    public JobQueue(AppConfig config, Tracing tracing) {
        this.tracing = tracing;
        this.queueName = config.jobsQueueUrl().substring(config.jobsQueueUrl().lastIndexOf('/') + 1);
        AppConfig.Tuning t = config.tuning();
        Duration callTimeout = Duration.ofMillis(t.sqsTimeoutMs());
        this.queueUrl = config.jobsQueueUrl();
        this.waitSeconds = t.jobsWaitSeconds();
        this.maxMessages = t.jobsMaxMessages();
        this.pollTimeout = callTimeout.plusSeconds(waitSeconds);
        this.credentials = SqsCredentials.of(config);
        SqsClientBuilder builder = SqsClient.builder();
        if (config.sqsEndpoint() != null) {
            builder.endpointOverride(config.sqsEndpoint());
        }
        this.sqs = builder
                .region(Region.of(config.awsRegion()))
                .credentialsProvider(credentials.provider())
                .httpClient(httpClient(config.sqsEndpoint(), callTimeout, pollTimeout))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(callTimeout)
                        .retryStrategy(r -> r.maxAttempts(2)))
                .build();
    }

    /**
     * The URL-connection transport. For a plain-HTTP endpoint (ElasticMQ, LocalStack, moto) it opens connections
     * itself: the SDK's default connection factory builds an SSLContext with the JDK's trust store up front, ~0.1 s
     * of CPU at every start, which such an endpoint never uses. Otherwise the SDK's own, with the same timeouts.
     */
    static SdkHttpClient httpClient(URI endpoint, Duration connectTimeout, Duration readTimeout) {
        if (endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme())) {
            int connectMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
            int readMs = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
            return UrlConnectionHttpClient.create(uri -> {
                try {
                    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                    c.setConnectTimeout(connectMs);
                    c.setReadTimeout(readMs);
                    return c;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout).socketTimeout(readTimeout).build();
    }

    /** Where the credentials come from, for the start-up log. */
    public String credentialsSource() {
        return credentials.description();
    }

    /** Sends one job message; the body carries the job id so consumers can dedup. */
    public String send(String body) {
        if (!tracing.enabled()) {
            return sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)).messageId();
        }
        return tracing.send(queueName, body.length(), carried -> {
            Map<String, MessageAttributeValue> attrs = new HashMap<>();
            carried.forEach((k, v) -> attrs.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
            return sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(attrs)).messageId();
        });
    }

    /** One long poll. */
    public List<Message> receive() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                .maxNumberOfMessages(maxMessages)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .messageAttributeNames("traceparent", "tracestate", "X-Amzn-Trace-Id")
                .overrideConfiguration(o -> o.apiCallTimeout(pollTimeout).apiCallAttemptTimeout(pollTimeout)))
                .messages();
    }

    /** The queue's name (the last part of its URL), for spans. */
    public String queueName() {
        return queueName;
    }

    public void delete(String receiptHandle) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle));
    }

    /** Queue depth, for /health/deep. */
    public String approximateDepth() {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    @Override
    public void close() {
        sqs.close();
        if (credentials.provider() instanceof AutoCloseable c) {
            try {
                c.close(); // the default chain's instance-profile provider may hold a refresh thread
            } catch (Exception ignored) {
                // closing a credentials provider has nothing to report
            }
        }
    }
}

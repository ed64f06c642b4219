package dev.firedrill.app.internal.jobs;

import dev.firedrill.app.AppConfig;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The jobs queue over the SDK's synchronous SqsClient with the JDK URL-connection transport (no Netty, no
 * Apache client). Every call is bounded by SQS_TIMEOUT_MS; long polls get JOBS_WAIT_SECONDS on top.
 */
public final class JobQueue implements AutoCloseable {
    private final SqsClient sqs;
    private final String queueUrl;
    private final int waitSeconds;
    private final int maxMessages;
    private final Duration pollTimeout;

    public JobQueue(AppConfig config) {
        AppConfig.Tuning t = config.tuning();
        Duration callTimeout = Duration.ofMillis(t.sqsTimeoutMs());
        this.queueUrl = config.jobsQueueUrl();
        this.waitSeconds = t.jobsWaitSeconds();
        this.maxMessages = t.jobsMaxMessages();
        this.pollTimeout = callTimeout.plusSeconds(waitSeconds);
        this.sqs = SqsClient.builder()
                .endpointOverride(config.sqsEndpoint())
                .region(Region.of(config.awsRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.awsAccessKeyId(), config.awsSecretAccessKey())))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(callTimeout)
                        .socketTimeout(pollTimeout)
                        .build())
                .overrideConfiguration(o -> o
                        .apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(callTimeout)
                        .retryStrategy(r -> r.maxAttempts(2)))
                .build();
    }

    /** Sends one job message; the body carries the job id so consumers can dedup. */
    public String send(String body) {
        return sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)).messageId();
    }

    /** One long poll. */
    public List<Message> receive() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                .maxNumberOfMessages(maxMessages)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .overrideConfiguration(o -> o.apiCallTimeout(pollTimeout).apiCallAttemptTimeout(pollTimeout)))
                .messages();
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
    }
}

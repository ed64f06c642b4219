package dev.firedrill.harness.topology;

import java.time.Duration;

/**
 * An SQS queue. AWS defaults: visibility timeout 30 s. A dead-letter queue receives a message after
 * {@code maxReceiveCount} receives (RedrivePolicy); {@code deadLetterQueue} null means none.
 */
public record Queue(String name, Duration visibilityTimeout, String deadLetterQueue, int maxReceiveCount) {
    public static final Duration AWS_DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
}

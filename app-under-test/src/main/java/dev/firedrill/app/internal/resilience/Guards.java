package dev.firedrill.app.internal.resilience;

import dev.firedrill.app.AppConfig;
import dev.firedrill.app.internal.http.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The four guarded dependencies, built from the BREAKER_* and retry knobs. With BREAKERS_ENABLED=false (a
 * weakening, for drills) every breaker is disabled: calls always go through and wait for their timeouts.
 */
public final class Guards {
    public static final String DB_WRITER = "db-writer";
    public static final String DB_READER = "db-reader";
    public static final String REDIS = "redis";
    public static final String SQS = "sqs";

    private final Guard dbWriter;
    private final Guard dbReader;
    private final Guard redis;
    private final Guard sqs;

    public Guards(AppConfig.Tuning t, MeterRegistry metrics) {
        this(t, metrics, true);
    }

    public Guards(AppConfig.Tuning t, MeterRegistry metrics, boolean breakersEnabled) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(metrics);
        RetryConfig readRetry = RetryConfig.custom()
                .maxAttempts(1 + t.dbReadRetries())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(t.retryBaseMs()), 2.0, 0.5))
                .retryOnException(e -> !(e instanceof ApiException) && !(e instanceof CallNotPermittedException))
                .build();
        this.dbWriter = new Guard(DB_WRITER, registry.circuitBreaker(DB_WRITER, breaker(t, t.dbTimeoutMs())),
                Retry.of(DB_WRITER, readRetry));
        this.dbReader = new Guard(DB_READER, registry.circuitBreaker(DB_READER, breaker(t, t.dbTimeoutMs())),
                Retry.of(DB_READER, readRetry));
        this.redis = new Guard(REDIS, registry.circuitBreaker(REDIS, breaker(t, t.redisTimeoutMs())), null);
        // an empty long poll takes JOBS_WAIT_SECONDS by design: it must not count as a slow call
        this.sqs = new Guard(SQS, registry.circuitBreaker(SQS,
                breaker(t, t.sqsTimeoutMs() + t.jobsWaitSeconds() * 1000)), null);
        if (!breakersEnabled) {
            for (Guard g : new Guard[] {dbWriter, dbReader, redis, sqs}) {
                g.breaker().transitionToDisabledState();
            }
        }
    }

    private static CircuitBreakerConfig breaker(AppConfig.Tuning t, int timeoutMs) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(t.breakerFailureRate())
                .slidingWindowSize(t.breakerWindowSize())
                .minimumNumberOfCalls(Math.min(t.breakerMinCalls(), t.breakerWindowSize()))
                .waitDurationInOpenState(Duration.ofMillis(t.breakerOpenMs()))
                .permittedNumberOfCallsInHalfOpenState(t.breakerHalfOpenCalls())
                .slowCallDurationThreshold(Duration.ofMillis(timeoutMs))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                // a client mistake says nothing about the dependency's health
                .ignoreExceptions(ApiException.class)
                .build();
    }

    public Guard dbWriter() {
        return dbWriter;
    }

    public Guard dbReader() {
        return dbReader;
    }

    public Guard redis() {
        return redis;
    }

    public Guard sqs() {
        return sqs;
    }
}

package dev.firedrill.harness.backend.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The harness's stop conditions on AWS: the stack's 5xx alarm (the same alarm every FIS experiment stops on) in
 * state {@code ALARM}, or the run's deadline ({@code --max-run-time}) reached. Polled every
 * {@link #INTERVAL}; once one fires, {@link #reason()} says which until the watch is closed.
 */
final class AwsStopWatch implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final AwsClients aws;
    private final List<String> alarms;
    private final Instant deadline;
    private final ScheduledExecutorService timer;
    private volatile String reason;

    AwsStopWatch(AwsClients aws, List<String> alarmNames, Instant deadline) {
        this.aws = aws;
        this.alarms = List.copyOf(alarmNames);
        this.deadline = deadline;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "firedrill-aws-stop-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        if (reason != null) {
            return;
        }
        if (!Instant.now().isBefore(deadline)) {
            reason = "--max-run-time reached (the stack is deleted at " + deadline + ")";
            return;
        }
        if (alarms.isEmpty()) {
            return;
        }
        try {
            for (MetricAlarm a : aws.cloudWatch().describeAlarms(b -> b.alarmNames(alarms)).metricAlarms()) {
                if (a.stateValue() == StateValue.ALARM) {
                    reason = "stop condition: alarm " + a.alarmName() + " is in ALARM (" + a.stateReason() + ")";
                    return;
                }
            }
        } catch (RuntimeException e) {
            // an unreadable alarm is not a fired one; the next poll tries again
        }
    }

    /** Why the run must stop, or null. */
    String reason() {
        return reason;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

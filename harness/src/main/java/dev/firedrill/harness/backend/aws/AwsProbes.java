package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.backend.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The readings of a run on AWS, each from the API a user would look at: target health from ELBv2
 * ({@code DescribeTargetHealth}), replica lag from CloudWatch ({@code AWS/RDS ReplicaLag}, seconds; RDS publishes
 * it once a minute), queue depth from SQS ({@code ApproximateNumberOfMessages}). AWS's APIs are rate-limited and
 * slower than the embedded backend's sources: each probe reads at most every {@link #MIN_INTERVAL}, whatever the
 * scenario's sample interval.
 */
final class AwsProbes {
    /** The shortest time between two reads of one AWS API by one probe. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

    private AwsProbes() {
    }

    /** Reads at most every {@link #MIN_INTERVAL}; a failed read records {@code unreachable}. */
    abstract static class Paced implements Probe {
        private long next;

        @Override
        public final void sample(Readings out) {
            long now = System.nanoTime();
            if (now < next) {
                return;
            }
            next = now + MIN_INTERVAL.toNanos();
            try {
                read(out);
            } catch (RuntimeException e) {
                unreachable(out);
            }
        }

        abstract void read(Readings out);

        abstract void unreachable(Readings out);
    }

    static Probe targetHealth(AwsClients aws, String targetGroupArn, AwsFleet fleet) {
        return new Paced() {
            @Override
            public String name() {
                return "target-health";
            }

            @Override
            void read(Readings out) {
                fleet.resolve();
                aws.elb().describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions()
                        .forEach(d -> out.state("target_health", fleet.nameOf(d.target().id()),
                                d.targetHealth().stateAsString()));
            }

            @Override
            void unreachable(Readings out) {
                out.state("target_health", "alb", "unreachable");
            }
        };
    }

    static Probe replicaLag(AwsClients aws, Map<String, String> replicas) {
        return new Paced() {
            @Override
            public String name() {
                return "replica-lag";
            }

            @Override
            void read(Readings out) {
                Instant now = Instant.now();
                for (Map.Entry<String, String> r : replicas.entrySet()) {
                    List<Datapoint> points = aws.cloudWatch().getMetricStatistics(b -> b.namespace("AWS/RDS")
                            .metricName("ReplicaLag").dimensions(d -> d.name("DBInstanceIdentifier").value(r.getValue()))
                            .startTime(now.minus(Duration.ofMinutes(5))).endTime(now).period(60)
                            .statistics(Statistic.MAXIMUM)).datapoints();
                    points.stream().max(Comparator.comparing(Datapoint::timestamp)).ifPresentOrElse(
                            p -> out.value("replica_lag_seconds", r.getKey(), p.maximum()),
                            () -> out.state("replica_lag_seconds", r.getKey(), "unknown"));
                }
            }

            @Override
            void unreachable(Readings out) {
                replicas.keySet().forEach(k -> out.state("replica_lag_seconds", k, "unreachable"));
            }
        };
    }

    static Probe queueDepth(AwsClients aws, Map<String, String> queueUrls) {
        return new Paced() {
            @Override
            public String name() {
                return "queue-depth";
            }

            @Override
            void read(Readings out) {
                for (Map.Entry<String, String> q : queueUrls.entrySet()) {
                    String n = aws.sqs().getQueueAttributes(b -> b.queueUrl(q.getValue())
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                    if (n == null) {
                        out.state("queue_depth", q.getKey(), "unknown");
                    } else {
                        out.value("queue_depth", q.getKey(), Double.parseDouble(n));
                    }
                }
            }

            @Override
            void unreachable(Readings out) {
                queueUrls.keySet().forEach(k -> out.state("queue_depth", k, "unreachable"));
            }
        };
    }
}

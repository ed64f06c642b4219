package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.backend.Probe;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@code ApproximateNumberOfMessages} of every queue (jobs and its DLQ), straight from the SQS node. */
public final class QueueProbe implements Probe {
    private final Map<String, String> queues;
    private final SqsClient sqs;

    /** @param queues queue name → URL; {@code sqs} a client of the node itself (not through the edges) */
    public QueueProbe(Map<String, String> queues, SqsClient sqs) {
        this.queues = Map.copyOf(queues);
        this.sqs = sqs;
    }

    @Override
    public String name() {
        return "queue-depth";
    }

    @Override
    public void sample(Readings out) {
        for (Map.Entry<String, String> q : queues.entrySet()) {
            try {
                GetQueueAttributesResponse r = sqs.getQueueAttributes(b -> b.queueUrl(q.getValue())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
                String n = r.attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                if (n == null) {
                    out.state("queue_depth", q.getKey(), "unknown");
                } else {
                    out.value("queue_depth", q.getKey(), Double.parseDouble(n));
                }
            } catch (RuntimeException e) {
                out.state("queue_depth", q.getKey(), "unreachable");
            }
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}

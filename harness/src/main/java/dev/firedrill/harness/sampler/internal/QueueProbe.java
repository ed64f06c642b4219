package dev.firedrill.harness.sampler.internal;

import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.HistoryRecorder;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@code ApproximateNumberOfMessages} of every queue (jobs and its DLQ), straight from the SQS node. */
public final class QueueProbe implements Runnable {
    private final Map<String, String> queues;
    private final HistoryRecorder recorder;
    private final SqsClient sqs;

    public QueueProbe(EmbeddedDeployment deployment, HistoryRecorder recorder) {
        this.queues = deployment.endpoints().sqsQueues();
        this.recorder = recorder;
        this.sqs = queues.isEmpty() ? null : deployment.sqs().client();
    }

    @Override
    public void run() {
        for (Map.Entry<String, String> q : queues.entrySet()) {
            try {
                GetQueueAttributesResponse r = sqs.getQueueAttributes(b -> b.queueUrl(q.getValue())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
                String n = r.attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                recorder.record(Event.sample("queue_depth", q.getKey(), n == null ? "unknown" : n));
            } catch (RuntimeException e) {
                recorder.record(Event.sample("queue_depth", q.getKey(), "unreachable"));
            }
        }
    }

    public void close() {
        if (sqs != null) {
            sqs.close();
        }
    }
}

package dev.firedrill.app.internal.trace;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.instrumentation.api.incubator.semconv.messaging.MessagingAttributesGetter;
import java.util.Map;

/**
 * A job message as a messaging span's request: sent (the producer injects the trace context into
 * {@link #attributes}, which become SQS message attributes) or received (the consumer extracts it from them).
 *
 * @param attributes the message's string attributes; mutable on send
 * @param messageId  the message id, known on receive (on send it is the response)
 */
public record SqsMessage(String queue, int bodySize, Map<String, String> attributes, String messageId) {
    enum Getter implements MessagingAttributesGetter<SqsMessage, String>, TextMapGetter<SqsMessage>,
            TextMapSetter<SqsMessage> {
        INSTANCE;

        @Override
        public String getSystem(SqsMessage m) {
            return "aws_sqs";
        }

        @Override
        public String getDestination(SqsMessage m) {
            return m.queue;
        }

        @Override
        public String getDestinationTemplate(SqsMessage m) {
            return null;
        }

        @Override
        public boolean isTemporaryDestination(SqsMessage m) {
            return false;
        }

        @Override
        public boolean isAnonymousDestination(SqsMessage m) {
            return false;
        }

        @Override
        public String getConversationId(SqsMessage m) {
            return null;
        }

        @Override
        public Long getMessageBodySize(SqsMessage m) {
            return (long) m.bodySize;
        }

        @Override
        public Long getMessageEnvelopeSize(SqsMessage m) {
            return null;
        }

        @Override
        public String getMessageId(SqsMessage m, String sentId) {
            return sentId != null ? sentId : m.messageId;
        }

        @Override
        public String getClientId(SqsMessage m) {
            return null;
        }

        @Override
        public Long getBatchMessageCount(SqsMessage m, String sentId) {
            return null;
        }

        @Override
        public Iterable<String> keys(SqsMessage m) {
            return m.attributes.keySet();
        }

        @Override
        public String get(SqsMessage m, String key) {
            return m == null ? null : m.attributes.get(key);
        }

        @Override
        public void set(SqsMessage m, String key, String value) {
            if (m != null) {
                m.attributes.put(key, value);
            }
        }
    }
}

package dev.firedrill.harness.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.workload.internal.Outcomes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OutcomesTest {

    @Test
    void successIsOkAndClientErrorsSurelyDidNotHappen() {
        assertThat(Outcomes.ofStatus(OpKind.WRITE, 201, "")).isEqualTo(EventType.OK);
        assertThat(Outcomes.ofStatus(OpKind.WRITE, 409, "{}")).isEqualTo(EventType.FAIL);
        assertThat(Outcomes.ofStatus(OpKind.ME, 401, "{}")).isEqualTo(EventType.FAIL);
    }

    @Test
    void aWriteThatGot503FromAnOpenBreakerOrNoConnectionFailsButOther5xxAreIndeterminate() {
        assertThat(Outcomes.ofStatus(OpKind.WRITE, 503,
                "{\"error\":\"dependency_unavailable\",\"detail\":\"circuit breaker is OPEN after repeated failures\"}"))
                .isEqualTo(EventType.FAIL);
        assertThat(Outcomes.ofStatus(OpKind.WRITE, 503, "{\"detail\":\"SQLTransientConnectionException: db-writer"
                + " - Connection is not available, request timed out after 250ms\"}")).isEqualTo(EventType.FAIL);
        assertThat(Outcomes.ofStatus(OpKind.WRITE, 503, "{\"detail\":\"PSQLException: An I/O error occurred while "
                + "sending to the backend.\"}")).as("the statement may have committed").isEqualTo(EventType.INFO);
        assertThat(Outcomes.ofStatus(OpKind.ENQUEUE, 502, "")).isEqualTo(EventType.INFO);
        assertThat(Outcomes.ofStatus(OpKind.READ, 502, "")).as("reads have no effect").isEqualTo(EventType.FAIL);
    }

    @Test
    void aTimeoutIsIndeterminateForWritesAndAFailureForReadsWhileRefusedConnectionsAlwaysFail() {
        assertThat(Outcomes.ofError(OpKind.WRITE, new CompletionException(new HttpTimeoutException("t"))))
                .isEqualTo(EventType.INFO);
        assertThat(Outcomes.ofError(OpKind.WRITE, new IOException("connection reset"))).isEqualTo(EventType.INFO);
        assertThat(Outcomes.ofError(OpKind.CONSISTENT_READ, new HttpTimeoutException("t"))).isEqualTo(EventType.FAIL);
        assertThat(Outcomes.ofError(OpKind.WRITE, new CompletionException(new ConnectException("refused"))))
                .isEqualTo(EventType.FAIL);
    }

    @Test
    void aSlowOperationIsOkOn2xxFailsOn5xxOrACutConnectionAndIsIndeterminateOnlyWhenTheHarnessTimedOut() {
        assertThat(Outcomes.ofStatus(OpKind.SLOW, 200, "{\"slept\":300}")).isEqualTo(EventType.OK);
        assertThat(Outcomes.ofStatus(OpKind.SLOW, 502, "")).isEqualTo(EventType.FAIL);
        assertThat(Outcomes.ofStatus(OpKind.SLOW, 503, "{}")).isEqualTo(EventType.FAIL);
        assertThat(Outcomes.ofStatus(OpKind.SLOW, 404, "")).as("the app has no debug endpoints").isEqualTo(EventType.FAIL);
        assertThat(Outcomes.ofError(OpKind.SLOW, new CompletionException(new IOException("connection reset"))))
                .as("a request cut mid-flight, as a careless deployment does").isEqualTo(EventType.FAIL);
        assertThat(Outcomes.ofError(OpKind.SLOW, new ConnectException("refused"))).isEqualTo(EventType.FAIL);
        assertThat(Outcomes.ofError(OpKind.SLOW, new CompletionException(new HttpTimeoutException("request timed out"))))
                .isEqualTo(EventType.INFO);
        assertThat(Outcomes.mutates(OpKind.SLOW)).isFalse();
    }
}

package dev.firedrill.harness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadSpecTest {

    @Test
    void withersReturnChangedCopiesAndLeaveTheOriginalAlone() {
        WorkloadSpec d = WorkloadSpec.defaults();
        WorkloadSpec w = d.withRate(250).withClients(3).withKeys(7).withRequestTimeout(Duration.ofMillis(400))
                .only(OpKind.WRITE, OpKind.READ);
        assertThat(w.opsPerSecond()).isEqualTo(250);
        assertThat(w.clients()).isEqualTo(3);
        assertThat(w.keys()).isEqualTo(7);
        assertThat(w.requestTimeout()).isEqualTo(Duration.ofMillis(400));
        assertThat(w.mix()).containsOnlyKeys(OpKind.WRITE, OpKind.READ);
        assertThat(d.opsPerSecond()).isEqualTo(100);
        assertThat(d.mix()).hasSize(6);
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldAndTheRange() {
        WorkloadSpec d = WorkloadSpec.defaults();
        assertThatThrownBy(() -> d.withClients(0)).hasMessageContaining("clients must be 1..10000");
        assertThatThrownBy(() -> d.withKeys(0)).hasMessageContaining("keys must be ≥ 1");
        assertThatThrownBy(() -> d.withMix(Map.of(OpKind.WRITE, 0))).hasMessageContaining("at least one operation");
        assertThatThrownBy(() -> d.withMix(Map.of(OpKind.WRITE, -1))).hasMessageContaining("weight of write");
        assertThatThrownBy(() -> d.withRequestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
    }

    @Test
    void operationsParseFromTheirHistoryNames() {
        assertThat(OpKind.parse("consistent_read")).isEqualTo(OpKind.CONSISTENT_READ);
        assertThat(OpKind.parse("ENQUEUE")).isEqualTo(OpKind.ENQUEUE);
        assertThatThrownBy(() -> OpKind.parse("delete")).hasMessageContaining("expected one of write");
    }
}

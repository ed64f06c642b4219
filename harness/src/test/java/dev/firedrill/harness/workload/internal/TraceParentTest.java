package dev.firedrill.harness.workload.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.history.Event;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceParentTest {
    @Test
    void theSameSeedAndIndexGiveTheSameIds() {
        assertThat(TraceParent.of(42, 7)).isEqualTo(TraceParent.of(42, 7));
        assertThat(TraceParent.of(42, 7).traceId()).isNotEqualTo(TraceParent.of(43, 7).traceId());
    }

    @Test
    void idsNeverRepeatWithinARunAndShareTheRunsHighHalf() {
        Set<String> ids = new HashSet<>();
        String high = TraceParent.of(42, 0).traceId().substring(0, 16);
        for (long n = 0; n < 100_000; n++) {
            TraceParent t = TraceParent.of(42, n);
            assertThat(ids.add(t.traceId())).as("operation %d", n).isTrue();
            assertThat(t.traceId()).startsWith(high);
        }
    }

    @Test
    void headerIsW3cVersion00Sampled() {
        TraceParent t = TraceParent.of(1, 2);
        assertThat(t.header()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(Event.isTraceId(t.traceId())).isTrue();
        assertThat(t.parentId()).isNotEqualTo("0000000000000000");
    }
}

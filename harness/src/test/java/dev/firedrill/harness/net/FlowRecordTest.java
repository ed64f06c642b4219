package dev.firedrill.harness.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlowRecordTest {
    private static final long T0 = 1_764_000_000_123_456_789L;

    @Test
    void vpcLineHasTheVersionTwoFieldsInAwsOrder() {
        FlowRecord r = new FlowRecord("app-1_db-writer", "app-1->db-writer", "127.0.0.1", 40_312, "127.0.0.1", 5432,
                12, 3_456, T0, T0 + 2_500_000_000L, "ACCEPT", "closed by client");
        assertThat(r.vpcLine().split(" ")).containsExactly("2", "000000000000", "app-1_db-writer", "127.0.0.1",
                "127.0.0.1", "40312", "5432", "6", "12", "3456", "1764000000", "1764000002", "ACCEPT", "OK");
        assertThat(FlowRecord.VPC_HEADER.split(" ")).as("one header name per field").hasSize(14)
                .startsWith("version", "account-id", "interface-id").endsWith("action", "log-status");
    }

    @Test
    void anOpenConnectionHasEndZeroAndPrintsADash() {
        FlowRecord r = new FlowRecord("alb_app-1", "alb->app-1", "127.0.0.1", 1, "127.0.0.1", 2, 0, 0, T0, 0,
                "ACCEPT", null);
        assertThat(r.isOpen()).isTrue();
        assertThat(r.vpcLine().split(" ")[11]).isEqualTo("-");
    }

    @Test
    void actionIsAcceptOrReject() {
        assertThatThrownBy(() -> new FlowRecord("l", "e", "a", 1, "b", 2, 0, 0, T0, T0, "DENY", null))
                .hasMessageContaining("ACCEPT or REJECT");
    }

    @Test
    void edgeOfALinkNameTurnsTheUnderscoreIntoAnArrow() {
        assertThat(FlowRecord.edgeOf("app-1_db-writer")).isEqualTo("app-1->db-writer");
        assertThat(FlowRecord.edgeOf("db-replica-1_db-primary")).isEqualTo("db-replica-1->db-primary");
        assertThat(FlowRecord.edgeOf("redis")).isEqualTo("redis");
    }

    @Test
    void flowLogKeepsTheLastRecordsAndCountsTheDropped() {
        FlowLog log = new FlowLog(3);
        for (int i = 1; i <= 5; i++) {
            log.add(new FlowRecord("l", "e", "a", i, "b", 2, 0, 0, T0, T0 + i, "ACCEPT", "closed by client"));
        }
        assertThat(log.endedSince(0)).extracting(FlowRecord::srcport).containsExactly(3, 4, 5);
        assertThat(log.endedSince(T0 + 4)).extracting(FlowRecord::srcport).containsExactly(4, 5);
        assertThat(log.dropped()).isEqualTo(2);
        assertThat(log.total()).isEqualTo(5);
    }
}

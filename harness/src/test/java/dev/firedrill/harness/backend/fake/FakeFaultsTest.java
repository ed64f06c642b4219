package dev.firedrill.harness.backend.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.FaultContract;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The fault contract on the in-memory backend: the contract's own tests can fail, and do not need a real stack. */
class FakeFaultsTest extends FaultContract {
    final FakeBackend backend = new FakeBackend();

    @Override
    protected Backend backend() {
        return backend;
    }

    @Override
    protected boolean isRunning(String component) {
        return ((FakeDeployment) d).isRunning(component);
    }

    @Test
    @Order(1)
    void everyAppliedActionIsUndoneByItsHealInReverseOrder() {
        var f = faults.inject(new dev.firedrill.harness.fault.Fault.Partition(java.util.List.of("app-1"),
                java.util.List.of("db"), dev.firedrill.harness.fault.Fault.PartitionMode.BLACKHOLE, false));
        f.heal();
        var log = backend.log();
        assertThat(log.subList(log.size() - 4, log.size())).containsExactly("apply block-drop app-1->db-writer",
                "apply block-drop app-1->db-reader", "undo block-drop app-1->db-reader",
                "undo block-drop app-1->db-writer");
    }
}

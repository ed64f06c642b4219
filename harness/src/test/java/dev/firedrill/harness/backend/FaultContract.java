package dev.firedrill.harness.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultEvent;
import dev.firedrill.harness.fault.FaultInjector;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.fault.HealthReport;
import dev.firedrill.harness.fault.Selector;
import dev.firedrill.harness.net.LatencyToxic;
import dev.firedrill.harness.net.ToxicStream;
import dev.firedrill.harness.testapp.TestTopologies;
import dev.firedrill.harness.topology.FailoverProfile;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every backend's faults owe, seen only through {@link Deployment} and {@link FaultInjector}: targets resolved
 * by the shared planner and named the same everywhere, the same events, nothing half-applied, heals that restore
 * a healthy stack, seeded choices. A backend's test extends it, says how to see that a component runs, and adds
 * the tests of each fault's real effect there.
 *
 * <p>The topology: 3 instances (app-1 and app-3 in us-east-1a, app-2 in us-east-1b), a primary in us-east-1a and
 * one replica in us-east-1b, time scale 0.01.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class FaultContract {
    protected Deployment d;
    protected FaultInjector faults;
    protected final List<FaultEvent> events = new CopyOnWriteArrayList<>();

    protected abstract Backend backend();

    /** Whether the component runs now (process alive, container up, instance running). */
    protected abstract boolean isRunning(String component);

    protected Topology topology() {
        return TestTopologies.withTestServers(3, 0.01);
    }

    @BeforeAll
    void up() {
        d = backend().deploy(topology());
        faults = d.faults();
        faults.addListener(events::add);
    }

    @AfterAll
    void down() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void healAndVerify() {
        faults.healAll();
        HealthReport h = faults.verifyHealthy(Duration.ofSeconds(30));
        assertThat(h.healthy()).as(h.toString()).isTrue();
        assertThat(faults.active()).isEmpty();
    }

    protected List<FaultPhase> phases(ActiveFault f) {
        return events.stream().filter(e -> e.faultId().equals(f.id())).map(FaultEvent::phase).toList();
    }

    protected void awaitRunning(String component) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!isRunning(component)) {
            assertThat(System.nanoTime()).as(component + " running again within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    @Order(100)
    void aToxicHitsEveryEdgeItNamesByEdgeNameAndItsHealRemovesIt() {
        ActiveFault f = faults.inject(new Fault.ToxicFault("app->db-writer",
                new LatencyToxic("contract_latency", ToxicStream.DOWNSTREAM, 1.0, 1, 0)));
        assertThat(f.targets()).containsExactly("app-1->db-writer", "app-2->db-writer", "app-3->db-writer");
        assertThat(faults.active()).extracting(ActiveFault::id).containsExactly(f.id());
        f.heal();
        assertThat(faults.active()).isEmpty();
        assertThat(phases(f)).containsExactly(FaultPhase.REQUESTED, FaultPhase.EFFECTIVE, FaultPhase.HEALED);
    }

    @Test
    @Order(110)
    void instanceFaultsHitTheSelectedInstancesAndTheirHealsStartThemAgain() throws Exception {
        ActiveFault kill = faults.inject(new Fault.InstanceFault(Fault.InstanceAction.KILL, Selector.parse("app-1")));
        assertThat(kill.targets()).containsExactly("app-1");
        assertThat(isRunning("app-1")).isFalse();
        assertThat(isRunning("app-2")).isTrue();
        kill.heal();
        awaitRunning("app-1");

        ActiveFault two = faults.inject(new Fault.InstanceFault(Fault.InstanceAction.STOP, Selector.parse("count(2)")));
        assertThat(two.targets()).hasSize(2).doesNotHaveDuplicates();
        two.heal();

        ActiveFault inAz = faults.inject(new Fault.InstanceFault(Fault.InstanceAction.STOP,
                Selector.parse("az(us-east-1b)")));
        assertThat(inAz.targets()).containsExactly("app-2");
    }

    @Test
    @Order(120)
    void badFaultsAreRejectedWithTheKnownNamesAndNothingIsHalfApplied() {
        assertThatThrownBy(() -> faults.inject(new Fault.InstanceFault(Fault.InstanceAction.KILL,
                Selector.parse("app-9")))).isInstanceOf(FaultException.class)
                .hasMessageContaining("unknown instance 'app-9'").hasMessageContaining("app-1");
        assertThatThrownBy(() -> faults.inject(new Fault.Partition(List.of("app"), List.of("nosuch"),
                Fault.PartitionMode.BLACKHOLE, false))).isInstanceOf(FaultException.class)
                .hasMessageContaining("unknown component, tier or AZ 'nosuch'");
        assertThatThrownBy(() -> faults.check(new Fault.ToxicFault("db->app",
                new LatencyToxic("x", ToxicStream.DOWNSTREAM, 1.0, 1, 0)))).hasMessageContaining("matches no edge")
                .hasMessageContaining("did you mean 'app->db'?");
        assertThat(faults.active()).isEmpty();
        HealthReport h = faults.verifyHealthy(Duration.ofSeconds(10)); // a left-over block would never clear
        assertThat(h.healthy()).as(h.toString()).isTrue();
    }

    @Test
    @Order(130)
    void theSameSeedHitsTheSameInstancesAndOtherSeedsCanHitOthers() {
        List<String> first = killRandomWithSeed(11);
        assertThat(killRandomWithSeed(11)).isEqualTo(first);
        boolean other = false;
        for (long seed = 1; seed <= 12 && !other; seed++) {
            other = !killRandomWithSeed(seed).equals(first);
        }
        assertThat(other).as("some seed of 12 hits another of the 3 instances").isTrue();
    }

    private List<String> killRandomWithSeed(long seed) {
        faults.seed(seed);
        ActiveFault f = faults.inject(new Fault.InstanceFault(Fault.InstanceAction.STOP, Selector.parse("random")));
        f.heal();
        return f.targets();
    }

    @Test
    @Order(140)
    void healAllHealsEveryActiveFaultNewestFirst() {
        ActiveFault a = faults.inject(new Fault.Partition(List.of("app-1"), List.of("redis"),
                Fault.PartitionMode.REJECT, true));
        ActiveFault b = faults.inject(new Fault.InstanceFault(Fault.InstanceAction.STOP, Selector.parse("app-2")));
        faults.healAll();
        assertThat(a.isHealed()).isTrue();
        assertThat(b.isHealed()).isTrue();
        List<String> healed = events.stream().filter(e -> e.phase() == FaultPhase.HEALED)
                .map(FaultEvent::faultId).filter(id -> id.equals(a.id()) || id.equals(b.id())).toList();
        assertThat(healed).containsExactly(b.id(), a.id());
    }

    @Test
    @Order(150)
    void aFailoverPromotesTheReplicaAndTheComponentsSaySo() throws Exception {
        String primary = component("postgres-primary");
        String replica = component("postgres-replica");
        ActiveFault f = faults.inject(new Fault.Failover(FailoverProfile.RDS_MULTI_AZ_CLUSTER));
        assertThat(f.targets()).containsExactly(primary);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!phases(f).contains(FaultPhase.HEALED)) {
            assertThat(System.nanoTime()).as("promoted within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(phases(f)).containsSubsequence(FaultPhase.REQUESTED, FaultPhase.EFFECTIVE, FaultPhase.HEALED);
        assertThat(d.endpoints().components()).filteredOn(c -> c.kind().equals("postgres-primary"))
                .extracting(ComponentInfo::name).containsExactly(replica);
        assertThat(d.endpoints().components()).extracting(ComponentInfo::name).doesNotContain(primary);
    }

    /** The first component of this kind ({@code postgres-primary}) now. */
    protected String component(String kind) {
        return d.endpoints().components().stream().filter(c -> c.kind().equals(kind)).map(ComponentInfo::name)
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " in " + d.endpoints().components()));
    }

    @Test
    @Order(160)
    void anAzOutageStopsExactlyTheInstancesInThatAz() {
        ActiveFault f = faults.inject(new Fault.AzOutage("us-east-1a"));
        assertThat(f.targets()).containsExactly("us-east-1a");
        assertThat(isRunning("app-1")).isFalse();
        assertThat(isRunning("app-3")).isFalse();
        assertThat(isRunning("app-2")).as("app-2 is in us-east-1b").isTrue();
    }
}

package dev.firedrill.harness.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.net.LatencyToxic;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaultSpecTest {
    @Test
    void latencyBecomesAToxicOnTheEdges() {
        Fault f = FaultSpec.of("latency", "app->db", "10s", Map.of("latency", "300ms", "jitter", "20")).toFault();
        assertThat(f).isInstanceOf(Fault.ToxicFault.class);
        LatencyToxic t = (LatencyToxic) ((Fault.ToxicFault) f).toxic();
        assertThat(t.latency()).isEqualTo(300);
        assertThat(t.jitter()).isEqualTo(20);
    }

    @Test
    void badInputNamesTheProblem() {
        assertThatThrownBy(() -> FaultSpec.of("nope", "x", null, Map.of()).toFault())
                .hasMessageContaining("unknown fault kind 'nope'").hasMessageContaining("partition");
        assertThatThrownBy(() -> FaultSpec.of("latency", "x", "-1s", Map.of())).hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> FaultSpec.of("latency", "x", null, Map.of()).toFault())
                .hasMessageContaining("needs --latency");
        assertThatThrownBy(() -> FaultSpec.of("partition", "app|", null, Map.of()).toFault())
                .hasMessageContaining("empty side");
        assertThatThrownBy(() -> FaultSpec.of("partition", "app|db", null, Map.of("mode", "drop")).toFault())
                .hasMessageContaining("use blackhole (packets dropped: clients time out) or reject");
        assertThatThrownBy(() -> FaultSpec.of("kill", "app-1", null, Map.of("latency", "1")).toFault())
                .hasMessageContaining("kill has no option --latency");
    }

    @Test
    void partitionSidesAndMode() {
        Fault.Partition p = (Fault.Partition) FaultSpec.of("partition", "app-1,app-2|db", null,
                Map.of("mode", "reject", "one-way", "true")).toFault();
        assertThat(p.from()).containsExactly("app-1", "app-2");
        assertThat(p.to()).containsExactly("db");
        assertThat(p.mode()).isEqualTo(Fault.PartitionMode.REJECT);
        assertThat(p.oneWay()).isTrue();
    }

    @Test
    void selectorsResolveLikeFis() {
        List<Selector.Candidate> c = List.of(new Selector.Candidate("app-1", "a"), new Selector.Candidate("app-2", "b"),
                new Selector.Candidate("app-3", "a"), new Selector.Candidate("app-4", "b"));
        assertThat(Selector.parse("az(a)").resolve(c, new SplittableRandom(1))).containsExactly("app-1", "app-3");
        assertThat(Selector.parse("percent(50)").resolve(c, new SplittableRandom(1))).hasSize(2).doesNotHaveDuplicates();
        assertThat(Selector.parse("random").resolve(c, new SplittableRandom(7)))
                .as("same seed, same choice").isEqualTo(Selector.parse("random").resolve(c, new SplittableRandom(7)));
        assertThatThrownBy(() -> Selector.parse("count(5)").resolve(c, new SplittableRandom(1)))
                .isInstanceOf(FaultException.class).hasMessageContaining("only 4 targets");
        assertThatThrownBy(() -> Selector.parse("az(z)").resolve(c, new SplittableRandom(1)))
                .hasMessageContaining("no target in AZ 'z'");
    }
}

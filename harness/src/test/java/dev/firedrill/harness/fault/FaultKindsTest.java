package dev.firedrill.harness.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.scenario.ScenarioException;
import dev.firedrill.harness.scenario.ScenarioYaml;
import dev.firedrill.harness.topology.Topology;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry describes every kind FaultSpec builds, and its documented examples and defaults are valid. */
class FaultKindsTest {
    @Test
    void everyKindsDocumentedExampleParsesAndFitsTheDefaultTopology() {
        assertThat(FaultKinds.all()).hasSize(17);
        for (FaultKind k : FaultKinds.all()) {
            FaultSpec spec = k.example().spec();
            assertThat(spec.kind()).isEqualTo(k.name());
            Fault f = spec.toFault();
            assertThat(f.kind().replace('_', '-')).as(k.name()).isEqualTo(k.name());
            FaultPlanner.check(Topology.defaults(), f);
        }
    }

    @Test
    void everyOptionIsDescribedAndItsDefaultOrExampleParses() {
        for (FaultKind k : FaultKinds.all()) {
            assertThat(k.summary()).as(k.name()).isNotBlank();
            assertThat(k.target()).as(k.name()).isNotBlank();
            for (FaultKind.Option o : k.options()) {
                assertThat(o.help()).as(k.name() + " --" + o.name()).isNotBlank();
                assertThat(o.example()).as(k.name() + " --" + o.name() + " example").isNotBlank();
                // the example value of every option, given alone (plus the kind's required ones), builds the fault
                Map<String, String> options = new LinkedHashMap<>(k.example().options());
                options.put(o.name(), o.example());
                if (o.name().equals("delay") && k.name().equals("replica-lag")) {
                    options.put("mode", "delay");
                }
                if (o.name().equals("rate") && k.name().equals("replica-lag")) {
                    options.put("mode", "throttle");
                }
                assertThat(FaultSpec.of(k.name(), k.example().target(), null, options).toFault())
                        .as(k.name() + " --" + o.name() + " " + o.example()).isNotNull();
            }
        }
    }

    @Test
    void choicesAcceptTheirValuesAndAliases() {
        Fault.ToxicFault up = (Fault.ToxicFault) FaultSpec.of("latency", "app->db", null,
                Map.of("latency", "1ms", "stream", "up")).toFault();
        assertThat(up.toxic().stream()).isEqualTo(dev.firedrill.harness.net.ToxicStream.UPSTREAM);
        Fault.Failover f = (Fault.Failover) FaultSpec.of("failover", "primary", null, Map.of("profile", "AURORA"))
                .toFault();
        assertThat(f.profile()).isEqualTo(dev.firedrill.harness.topology.FailoverProfile.AURORA);
        Fault.ReplicaLag lag = (Fault.ReplicaLag) FaultSpec.of("replica-lag", "all", null,
                Map.of("mode", "delay", "delay", "2s")).toFault();
        assertThat(lag.mode()).isEqualTo(Fault.LagMode.APPLY_DELAY);
        assertThat(lag.delay()).hasSeconds(2);
        assertThatThrownBy(() -> FaultSpec.of("replica-lag", "all", null, Map.of("mode", "delay")).toFault())
                .hasMessage("replica-lag needs --delay, e.g. --delay 5s");
    }

    @Test
    void anUnknownKindOrOptionGetsTheSameErrorFromCodeAndScenarioFiles() {
        String kind = message(() -> FaultSpec.of("latncy", "app->db", null, Map.of()).toFault());
        assertThat(kind).startsWith("unknown fault kind 'latncy'; did you mean 'latency'? Kinds: latency, bandwidth,")
                .contains("az-outage");
        assertThat(scenarioError("{at: 1s, kind: latncy, target: 'app->db'}")).isEqualTo("s.yaml: faults[0].kind: " + kind);

        String option = message(() -> FaultSpec.of("latency", "app->db", null, Map.of("latency", "1s", "jiter", "1ms"))
                .toFault());
        assertThat(option).isEqualTo("latency has no option --jiter; did you mean --jitter? Its options: --latency, "
                + "--jitter, --stream, --toxicity");
        assertThat(scenarioError("{at: 1s, kind: latency, target: 'app->db', options: {latency: 1s, jiter: 1ms}}"))
                .isEqualTo("s.yaml: faults[0].options: " + option);

        assertThat(message(() -> FaultSpec.of("kill", "app-1", null, Map.of("mode", "x")).toFault()))
                .isEqualTo("kill has no option --mode; it takes none");
        assertThat(message(() -> FaultSpec.of(null, "app-1", null, Map.of()).toFault()))
                .startsWith("a fault kind is required; kinds: latency");
    }

    @Test
    void aBadValueNamesTheChoicesWithWhatTheyMean() {
        assertThatThrownBy(() -> FaultSpec.of("queue-outage", "sqs", null, Map.of("mode", "error")).toFault())
                .hasMessage("--mode error is not valid for queue-outage; did you mean errors? Use blackhole (traffic "
                        + "silently dropped: clients time out) or errors (HTTP 500 with an SQS error body)");
        assertThatThrownBy(() -> FaultSpec.of("partition", "app|db", null, Map.of("one-way", "yes")).toFault())
                .isInstanceOf(FaultException.class).hasMessageContaining("--one-way yes: write true or false");
        assertThatThrownBy(() -> FaultSpec.of("bandwidth", "app->db", null, Map.of("rate", "fast")).toFault())
                .hasMessage("--rate fast: not a number; write e.g. --rate 100");
    }

    @Test
    void faultSpecKindsIsTheRegistrysSynopses() {
        assertThat(FaultSpec.KINDS.keySet()).containsExactlyElementsOf(FaultKinds.names());
        assertThat(FaultSpec.KINDS.get("latency")).isEqualTo("EDGES --latency 300ms [--jitter 0ms] "
                + "[--stream downstream|upstream] [--toxicity 1]");
        assertThat(List.copyOf(FaultKinds.optionNames().keySet())).contains("latency", "one-way", "profile", "mode");
    }

    private static String scenarioError(String fault) {
        return message(() -> ScenarioYaml.parse("name: s\nduration: 10s\nfaults:\n  - " + fault + "\n", "s.yaml"));
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (FaultException | ScenarioException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an error");
    }
}

package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Checker;
import dev.firedrill.harness.check.Figure;
import dev.firedrill.harness.check.SessionChecker;
import dev.firedrill.harness.check.StandardCheckers;
import dev.firedrill.harness.check.StaleReadChecker;
import dev.firedrill.harness.check.SyntheticWorkload;
import dev.firedrill.harness.check.Verdict;
import dev.firedrill.harness.report.SloVerdict;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The figures SLOs, assertions and the CLI read are typed keys the checkers declare; this fails when a checker
 * stops writing one of its declared figures, or an SLO can no longer find the figure it judges by.
 */
class CheckFiguresTest {
    private static SyntheticWorkload.Result workload;
    private static List<CheckResult> results;

    @BeforeAll
    static void runTheStandardCheckers() {
        workload = SyntheticWorkload.generate(20_000, 42, 8_000, 10_000);
        results = Checker.runAll(StandardCheckers.all(), workload.input());
    }

    @Test
    void everyStandardCheckerWritesEveryFigureItDeclares() throws Exception {
        List<Checker> checkers = StandardCheckers.all();
        for (int i = 0; i < checkers.size(); i++) {
            Checker c = checkers.get(i);
            CheckResult r = results.get(i);
            assertThat(r.error()).as(c.name()).isNull();
            assertThat(c.getClass().getField("NAME").get(null)).as("NAME is the checker's name").isEqualTo(c.name());
            List<Figure<?>> declared = declaredFigures(c.getClass());
            assertThat(declared).as(c.name() + " declares its figures").isNotEmpty();
            for (Figure<?> f : declared) {
                assertThat(r.figures()).as(c.name() + " writes " + f.name()).containsKey(f.name());
                if (r.figures().get(f.name()) != null) {
                    assertThat(r.figure(f)).as(c.name() + "'s " + f.name() + " is a " + f.type().getSimpleName()
                            + ", got " + r.figures().get(f.name()).getClass().getSimpleName()).isPresent();
                }
            }
            assertThat(r.figures().keySet()).as(c.name() + " writes only figures it declares")
                    .containsExactlyElementsOf(declared.stream().map(Figure::name).toList());
        }
    }

    @Test
    void nestedFiguresAreWrittenThroughTheSameKeys() {
        CheckResult stale = result(StaleReadChecker.NAME);
        for (Figure<Map<String, Object>> split : List.of(StaleReadChecker.BY_POOL, StaleReadChecker.BY_OP)) {
            Map<String, Object> entries = stale.figure(split).orElseThrow();
            assertThat(entries).as(split.name()).isNotEmpty();
            entries.forEach((k, v) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) v;
                assertThat(e.keySet()).as(split.name() + "." + k)
                        .containsExactlyElementsOf(StaleReadChecker.SPLIT.stream().map(Figure::name).toList());
            });
        }
        Map<String, Object> perFault = result(SessionChecker.NAME).figure(SessionChecker.PER_FAULT).orElseThrow();
        assertThat(perFault).containsKey("f1");
        @SuppressWarnings("unchecked")
        Map<String, Object> f1 = (Map<String, Object>) perFault.get("f1");
        for (Figure<Long> f : List.of(SessionChecker.CREATED_BEFORE_FAULT, SessionChecker.CHECKED_AFTER_HEAL,
                SessionChecker.STILL_VALID, SessionChecker.REJECTED_401, SessionChecker.OTHER_FAILURES)) {
            assertThat(f.in(f1)).as("perFault.f1." + f.name()).isPresent();
        }
    }

    @Test
    void everySloJudgingAFigureFindsIt() {
        assertThat(results).allSatisfy(r -> assertThat(r.verdict()).as(r.name()).isEqualTo(Verdict.VALID));
        SloInput in = new SloInput(workload.history(), results, 1.0);
        List<Slo> slos = List.of(Slos.noLostWrites(), Slos.noStaleConsistentReads(), Slos.staleReadsOnlyOnReaderPool(),
                Slos.sessionsSurvive(), Slos.noLostJobs(), Slos.noDuplicateJobs(),
                Slos.rpoAtMost(0, Duration.ofSeconds(1)));
        for (Slo slo : slos) {
            SloVerdict v = slo.evaluate(in);
            assertThat(v.isInconclusive()).as(slo.name() + ": " + v.inconclusive()).isFalse();
            assertThat(v.passed()).as(slo.name() + " on a clean history: " + v.measured() + " " + v.message()).isTrue();
            assertThat(v.measured()).as(slo.name()).doesNotContain("null").isNotEqualTo("unknown");
        }
    }

    @Test
    void aTypedKeyReadsNumbersAsTheyComeBackFromJson() {
        Map<String, Object> figures = Map.of("n", 3, "ms", 5, "text", "x");
        assertThat(Figure.count("n").in(figures)).contains(3L);
        assertThat(Figure.number("ms").in(figures)).contains(5.0);
        assertThat(Figure.count("text").in(figures)).isEmpty();
        assertThat(Figure.count("absent").in(figures)).isEmpty();
    }

    private static CheckResult result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /** The public static Figure constants a checker class declares, in declaration order. */
    private static List<Figure<?>> declaredFigures(Class<?> type) throws IllegalAccessException {
        List<Figure<?>> out = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == Figure.class) {
                out.add((Figure<?>) f.get(null));
            }
        }
        return out;
    }
}

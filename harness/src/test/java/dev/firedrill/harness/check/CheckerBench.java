package dev.firedrill.harness.check;

import dev.firedrill.harness.history.History;
import java.util.List;

/**
 * Times every standard checker on a synthetic 1,000,000-operation history (2 M events, one fault). Run with
 * {@code java -cp <test classpath> dev.firedrill.harness.check.CheckerBench [ops]}. Goal: ≤ 5 s on 2 cores.
 * Not a test: machines are noisy, so nothing asserts on speed.
 */
public final class CheckerBench {
    private CheckerBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long g0 = System.nanoTime();
        SyntheticWorkload.Result w = SyntheticWorkload.generate(n, 1, n * 0.4, n * 0.45);
        System.out.printf("generated %,d ops / %,d events in %d ms%n", w.history().operations().size(),
                w.history().size(), (System.nanoTime() - g0) / 1_000_000);
        for (int round = 1; round <= 3; round++) {
            // a fresh History each round so pairing is timed too
            History fresh = History.of(w.history().events());
            CheckInput in = new CheckInput(fresh, w.finalState(), w.jobs(), null);
            long t0 = System.nanoTime();
            fresh.operations();
            long pair = System.nanoTime() - t0;
            StringBuilder line = new StringBuilder(String.format("round %d: pairing %d ms", round, pair / 1_000_000));
            for (Checker c : StandardCheckers.all()) {
                long s = System.nanoTime();
                CheckResult r = Checker.safe(c, in);
                line.append(String.format(", %s %d ms (%s)", c.name(), (System.nanoTime() - s) / 1_000_000,
                        r.verdict().wire()));
            }
            long total = System.nanoTime() - t0;
            System.out.println(line);
            System.out.printf("round %d: all checkers incl. pairing: %d ms for %,d operations%n", round,
                    total / 1_000_000, n);
        }
        List<CheckResult> results = Checker.runAll(StandardCheckers.all(), w.input());
        System.out.println("overall verdict: " + CheckResult.worst(results).wire());
    }
}

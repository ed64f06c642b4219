package dev.firedrill.harness.junit;

import dev.firedrill.harness.scenario.RunResult;

/**
 * Entry point of the fluent run assertions:
 * <pre>{@code
 * FiredrillAssertions.assertThat(result).hasNoLostWrites().recoveredWithin(Duration.ofSeconds(10))
 *         .availabilityAtLeast(0.99);
 * }</pre>
 */
public final class FiredrillAssertions {
    private FiredrillAssertions() {
    }

    public static RunResultAssert assertThat(RunResult result) {
        return new RunResultAssert(result);
    }
}

package dev.firedrill.harness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Boots one topology per test class on the named backend (default {@code embedded}) (default topology with these overrides), injects a {@link Drill}
 * into fields and test method parameters of that type, and closes it after the class.
 *
 * <pre>{@code
 * @FiredrillTopology(timeScale = 0.05, instances = 2, appEnv = {"DB_TIMEOUT_MS=250"})
 * class WriterPartitionIT {
 *     @Test
 *     void writesComeBack(Drill drill) {
 *         RunResult r = drill.run(Scenario.named("x").duration(Duration.ofSeconds(5)).build());
 *         FiredrillAssertions.assertThat(r).hasNoLostWrites();
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(FiredrillExtension.class)
public @interface FiredrillTopology {
    /** Factor applied to AWS durations (0.05 rehearses 60 s in 3 s). */
    double timeScale() default 0.05;

    /** App instances behind the load balancer. */
    int instances() default 2;

    /** Read replicas. */
    int replicas() default 1;

    /** Extra env for every app instance, as {@code NAME=value}. */
    String[] appEnv() default {};

    /**
     * The backend to deploy on, by name ({@link dev.firedrill.harness.backend.Backends}); empty: the topology's
     * {@code backend}, i.e. {@code embedded}.
     */
    String backend() default "";

    /** Where reports go ({@code <dir>/<scenario>/<timestamp>/}). */
    String reportRoot() default "target/firedrill";
}

package dev.firedrill.app.internal.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.app.internal.http.Reply;
import dev.firedrill.app.internal.http.Route;
import org.junit.jupiter.api.Test;

class InjectedErrorsTest {

    private static int failuresIn(InjectedErrors errors, int requests) {
        int failed = 0;
        for (int i = 0; i < requests; i++) {
            failed += errors.nextFails() ? 1 : 0;
        }
        return failed;
    }

    @Test
    void halfFailsEverySecondRequest() {
        InjectedErrors errors = new InjectedErrors(0.5);
        assertThat(errors.nextFails()).isFalse();
        assertThat(errors.nextFails()).isTrue();
        assertThat(errors.nextFails()).isFalse();
        assertThat(errors.nextFails()).isTrue();
    }

    @Test
    void anyWindowOfRequestsHasTheConfiguredShareWithinOne() {
        for (double rate : new double[] {0.1, 0.25, 0.3, 1.0 / 3, 0.9}) {
            InjectedErrors errors = new InjectedErrors(rate);
            failuresIn(errors, 17); // the window starts anywhere
            int failed = failuresIn(errors, 100);
            assertThat(failed).as("rate %s over 100 requests", rate)
                    .isBetween((int) Math.floor(100 * rate) - 1, (int) Math.ceil(100 * rate) + 1);
        }
    }

    @Test
    void zeroNeverFailsAndOneAlwaysFails() {
        assertThat(failuresIn(new InjectedErrors(0), 1000)).isZero();
        assertThat(failuresIn(new InjectedErrors(1), 1000)).isEqualTo(1000);
        Route ok = ex -> Reply.text(200, "text/plain", "ok");
        assertThat(InjectedErrors.none().wrap(ok)).as("no wrapper without errors").isSameAs(ok);
    }

    @Test
    void aRateOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> new InjectedErrors(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..1");
        assertThatThrownBy(() -> new InjectedErrors(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.ProvisioningException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlbLifecycleTest {

    @Test
    void closeStopsEveryThreadTheSimulatorStarted() throws Exception {
        try (TestTarget a = new TestTarget("a")) {
            AlbSimulator alb = AlbSimulator.start(fastConfig().build());
            alb.register("a", a.address(), "us-east-1a");
            AlbTestSupport.get(alb, "/");

            alb.close();
            alb.close();

            Await.until("no firedrill-alb threads", Duration.ofSeconds(5), () -> albThreads() == 0,
                    AlbLifecycleTest::albThreads);
        }
    }

    @Test
    void takenListenPortIsAProvisioningErrorNamingThePort() {
        try (AlbSimulator first = AlbSimulator.start(fastConfig().build())) {
            assertThatThrownBy(() -> AlbSimulator.start(fastConfig().listenPort(first.port()).build()))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("alb: could not listen on 127.0.0.1:" + first.port());
        }
        Await.until("a failed start to leave no firedrill-alb threads", Duration.ofSeconds(5),
                () -> albThreads() == 0, AlbLifecycleTest::albThreads);
    }

    private static long albThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("firedrill-alb")).count();
    }
}

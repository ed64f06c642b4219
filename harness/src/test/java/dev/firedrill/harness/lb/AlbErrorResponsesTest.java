package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static dev.firedrill.harness.lb.AlbTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlbErrorResponsesTest {

    @Test
    void answers502WhenTheTargetResetsTheConnection() throws Exception {
        try (RawTarget target = new RawTarget(RawTarget.Mode.RESET);
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("rst", target.address(), "us-east-1a");

            HttpResponse<String> r = get(alb, "/");

            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.headers().firstValue("X-Firedrill-Lb-Error")).hasValue("target-closed-connection");
            assertThat(r.body()).contains("502 Bad Gateway");
            assertThat(alb.stats().requestsTo("rst")).isEqualTo(1);
        }
    }

    @Test
    void answers502WhenTheTargetAnswersGarbage() throws Exception {
        try (RawTarget target = new RawTarget(RawTarget.Mode.GARBAGE);
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("garbage", target.address(), "us-east-1a");

            HttpResponse<String> r = get(alb, "/");

            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.headers().firstValue("X-Firedrill-Lb-Error")).hasValue("malformed-target-response");
        }
    }

    @Test
    void answers502WhenTheTargetRefusesConnections() throws Exception {
        TestTarget down = new TestTarget("down");
        down.stop();
        try (AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("down", down.address(), "us-east-1a");

            HttpResponse<String> r = get(alb, "/");

            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.headers().firstValue("X-Firedrill-Lb-Error")).hasValue("target-connection-refused");
        }
    }

    @Test
    void answers504WhenTheTargetStaysSilentBeyondTheTargetTimeout() throws Exception {
        try (TestTarget target = new TestTarget("hung");
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("hung", target.address(), "us-east-1a");
            Duration timeout = alb.config().scaled(alb.config().targetTimeout());

            long start = System.nanoTime();
            HttpResponse<String> r = get(alb, "/hang");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(r.headers().firstValue("X-Firedrill-Lb-Error")).hasValue("target-timeout");
            assertThat(r.headers().firstValue("X-Firedrill-Target")).as("names the target that timed out").hasValue("hung");
            assertThat(r.body()).contains("504 Gateway Time-out");
            assertThat(waited).as("the ALB waits the (scaled) target timeout before giving up")
                    .isGreaterThanOrEqualTo(timeout.minusMillis(20));
        }
    }
}

package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {

    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "8080");
        env.put("INSTANCE_ID", "i-1");
        env.put("AZ", "eu-west-1a");
        env.put("DB_WRITER_URL", "jdbc:postgresql://127.0.0.1:5432/app");
        env.put("DB_READER_URL", "jdbc:postgresql://127.0.0.1:5433/app");
        env.put("DB_USER", "app");
        env.put("DB_PASSWORD", "secret");
        env.put("REDIS_URL", "redis://127.0.0.1:6379");
        env.put("SQS_ENDPOINT", "http://127.0.0.1:9324");
        env.put("JOBS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/jobs");
        env.put("AWS_REGION", "eu-west-1");
        return env;
    }

    @Test
    void theRequiredContractAloneGivesTheDocumentedDefaults() {
        AppConfig config = AppConfig.fromEnv(minimal());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.redisUri().getPort()).isEqualTo(6379);
        AppConfig.Tuning t = config.tuning();
        assertThat(t.readFallbackToWriter()).as("fallback is off by default").isFalse();
        assertThat(t.maxBodyBytes()).isEqualTo(65_536);
        assertThat(t.dbWriterPoolSize()).isEqualTo(10);
        assertThat(t.shutdownGraceMs()).isEqualTo(10_000);
    }

    @Test
    void everyMissingVariableIsNamedInOneError() {
        Map<String, String> env = minimal();
        env.remove("DB_WRITER_URL");
        env.remove("REDIS_URL");
        assertThatThrownBy(() -> AppConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DB_WRITER_URL is missing").hasMessageContaining("REDIS_URL is missing");
    }

    @Test
    void malformedValuesAreReportedWithTheExpectedForm() {
        Map<String, String> env = minimal();
        env.put("DB_TIMEOUT_MS", "soon");
        env.put("DB_READER_URL", "postgres://x");
        env.put("REDIS_URL", "http://127.0.0.1:6379");
        env.put("READ_FALLBACK_TO_WRITER", "maybe");
        env.put("JOBS_WAIT_SECONDS", "30");
        assertThatThrownBy(() -> AppConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DB_TIMEOUT_MS=soon is not an integer")
                .hasMessageContaining("DB_READER_URL=postgres://x is not a PostgreSQL JDBC URL")
                .hasMessageContaining("REDIS_URL=http://127.0.0.1:6379 must use the redis:// scheme")
                .hasMessageContaining("READ_FALLBACK_TO_WRITER=maybe is not a boolean")
                .hasMessageContaining("JOBS_WAIT_SECONDS=30 is out of range; expected 0..20");
    }

    @Test
    void anEmptyDbPasswordIsAllowed() {
        Map<String, String> env = minimal();
        env.put("DB_PASSWORD", "");
        assertThat(AppConfig.fromEnv(env).dbPassword()).isEmpty();
    }

    @Test
    void withoutSqsEndpointAndKeysTheClientIsLeftToTheRegionAndTheDefaultChain() {
        Map<String, String> env = minimal();
        env.remove("SQS_ENDPOINT");
        AppConfig config = AppConfig.fromEnv(env);
        assertThat(config.sqsEndpoint()).as("no override: the SDK uses AWS_REGION's endpoint").isNull();
        assertThat(config.awsAccessKeyId()).as("no dummy default any more").isNull();
        assertThat(config.awsSecretAccessKey()).isNull();
    }

    @Test
    void halfAKeyPairIsAMistakeNamingTheMissingHalf() {
        Map<String, String> env = minimal();
        env.put("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE");
        assertThatThrownBy(() -> AppConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY is missing; static keys need both");
        Map<String, String> tokenOnly = minimal();
        tokenOnly.put("AWS_SESSION_TOKEN", "token");
        assertThatThrownBy(() -> AppConfig.fromEnv(tokenOnly)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("AWS_SESSION_TOKEN is set without AWS_ACCESS_KEY_ID");
    }

    @Test
    void dnsTtlDefaultsToRdsFiveSecondsAndIsBounded() {
        assertThat(AppConfig.fromEnv(minimal()).tuning().dnsTtlSeconds())
                .as("RDS endpoints' TTL is 5 s").isEqualTo(5);
        Map<String, String> zero = minimal();
        zero.put("DNS_TTL_SECONDS", "0");
        assertThat(AppConfig.fromEnv(zero).tuning().dnsTtlSeconds()).as("0 = no caching").isZero();
        Map<String, String> negative = minimal();
        negative.put("DNS_TTL_SECONDS", "-1");
        assertThatThrownBy(() -> AppConfig.fromEnv(negative)).isInstanceOf(ConfigException.class)
                .as("-1 (cache forever) is what a failover must not have")
                .hasMessageContaining("DNS_TTL_SECONDS=-1 is out of range; expected 0..86400");
    }

    @Test
    void sourceSamplingIsOffUnlessAKeepFractionIsGivenAndTheFractionIsAShare() {
        AppConfig.Otel off = AppConfig.fromEnv(minimal()).otel();
        assertThat(off.keepFraction()).as("unset: every span exported, the collector samples").isNull();
        assertThat(off.slowMs()).isEqualTo(500);
        Map<String, String> on = minimal();
        on.put("FIREDRILL_TRACE_KEEP_FRACTION", "0.1");
        on.put("FIREDRILL_TRACE_SLOW_MS", "200");
        assertThat(AppConfig.fromEnv(on).otel().keepFraction()).isEqualTo(0.1);
        assertThat(AppConfig.fromEnv(on).otel().slowMs()).isEqualTo(200);
        Map<String, String> bad = minimal();
        bad.put("FIREDRILL_TRACE_KEEP_FRACTION", "10%");
        assertThatThrownBy(() -> AppConfig.fromEnv(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("FIREDRILL_TRACE_KEEP_FRACTION=10% is not a share; expected 0..1");
    }

    @Test
    void aReleaseIsV1WithoutAFaultByDefault() {
        AppConfig.Release release = AppConfig.fromEnv(minimal()).release();
        assertThat(release.version()).isEqualTo("v1");
        assertThat(release.fault()).isEqualTo("none");
        assertThat(release.unhealthy() || release.errors() || release.slowStart()).isFalse();
        assertThat(release.errorRate()).isEqualTo(0.5);
        assertThat(release.startDelayMs()).isEqualTo(10_000);
        assertThat(release.faultDescription()).isNull();
    }

    @Test
    void theVersionAndEachFaultAreRead() {
        Map<String, String> env = minimal();
        env.put("APP_VERSION", "1.4.0-rc_1");
        env.put("APP_FAULT", "errors");
        env.put("APP_FAULT_ERROR_RATE", "0.25");
        AppConfig.Release errors = AppConfig.fromEnv(env).release();
        assertThat(errors.version()).isEqualTo("1.4.0-rc_1");
        assertThat(errors.errors()).isTrue();
        assertThat(errors.errorRate()).isEqualTo(0.25);
        env.put("APP_FAULT", "unhealthy");
        assertThat(AppConfig.fromEnv(env).release().unhealthy()).isTrue();
        env.put("APP_FAULT", "Slow-Start");
        assertThat(AppConfig.fromEnv(env).release().slowStart()).as("case-insensitive like the other switches").isTrue();
        env.put("APP_FAULT", "none");
        assertThat(AppConfig.fromEnv(env).release().fault()).isEqualTo("none");
    }

    @Test
    void theStartDelayTakesMillisecondsSecondsOrMinutesUpTo300Seconds() {
        Map<String, String> env = minimal();
        env.put("APP_START_DELAY", "500ms");
        assertThat(AppConfig.fromEnv(env).release().startDelayMs()).isEqualTo(500);
        env.put("APP_START_DELAY", "10s");
        assertThat(AppConfig.fromEnv(env).release().startDelayMs()).isEqualTo(10_000);
        env.put("APP_START_DELAY", "5m");
        assertThat(AppConfig.fromEnv(env).release().startDelayMs()).isEqualTo(300_000);
        env.put("APP_START_DELAY", "0s");
        assertThat(AppConfig.fromEnv(env).release().startDelayMs()).isZero();
    }

    @Test
    void badReleaseVariablesAreAllReportedWithWhatIsAllowed() {
        Map<String, String> env = minimal();
        env.put("APP_VERSION", "v2 beta");
        env.put("APP_FAULT", "flaky");
        env.put("APP_FAULT_ERROR_RATE", "50%");
        env.put("APP_START_DELAY", "10");
        assertThatThrownBy(() -> AppConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("APP_VERSION=v2 beta is not a version token; expected 1..64 of A-Z a-z 0-9 . _ -")
                .hasMessageContaining("APP_FAULT=flaky is not one of [none, unhealthy, errors, slow-start]")
                .hasMessageContaining("APP_FAULT_ERROR_RATE=50% is not a share; expected 0..1")
                .hasMessageContaining("APP_START_DELAY=10 is not a duration; expected a number with a unit, e.g. 500ms");
    }

    @Test
    void outOfRangeReleaseValuesAreRejected() {
        Map<String, String> env = minimal();
        env.put("APP_VERSION", "v".repeat(65));
        env.put("APP_FAULT_ERROR_RATE", "1.5");
        env.put("APP_START_DELAY", "301s");
        assertThatThrownBy(() -> AppConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .as("a version must fit a header, a metric label and a log field")
                .hasMessageContaining("APP_VERSION=" + "v".repeat(65) + " is not a version token")
                .hasMessageContaining("APP_FAULT_ERROR_RATE=1.5 is not a share")
                .hasMessageContaining("APP_START_DELAY=301s is out of range; expected at most 300s");
        Map<String, String> negative = minimal();
        negative.put("APP_START_DELAY", "-1s");
        assertThatThrownBy(() -> AppConfig.fromEnv(negative)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("APP_START_DELAY=-1s is not a duration");
    }
}

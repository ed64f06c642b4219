package dev.firedrill.app.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.app.AppConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

class SqsCredentialsTest {

    private static AppConfig config(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "INSTANCE_ID", "i-1", "AZ", "eu-west-1a",
                "DB_WRITER_URL", "jdbc:postgresql://127.0.0.1:5432/app",
                "DB_READER_URL", "jdbc:postgresql://127.0.0.1:5433/app", "DB_USER", "app", "DB_PASSWORD", "",
                "REDIS_URL", "redis://127.0.0.1:6379",
                "JOBS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "AWS_REGION", "eu-west-1"));
        env.putAll(extra);
        return AppConfig.fromEnv(env);
    }

    @Test
    void givenKeysAreUsedEvenAgainstAws() {
        SqsCredentials c = SqsCredentials.of(config(Map.of("SQS_ENDPOINT", "https://sqs.eu-west-1.amazonaws.com",
                "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret")));
        assertThat(c.provider().resolveCredentials().accessKeyId()).isEqualTo("AKIAEXAMPLE");
        assertThat(c.description()).doesNotContain("secret");
    }

    @Test
    void aSessionTokenMakesTemporaryKeys() {
        SqsCredentials c = SqsCredentials.of(config(Map.of("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token")));
        assertThat(c.provider().resolveCredentials()).isInstanceOfSatisfying(AwsSessionCredentials.class,
                s -> assertThat(s.sessionToken()).isEqualTo("token"));
    }

    @Test
    void anEmulatorEndpointWithoutKeysGetsDummyKeysNotTheMachinesOwn() {
        SqsCredentials c = SqsCredentials.of(config(Map.of("SQS_ENDPOINT", "http://127.0.0.1:9324")));
        assertThat(c.provider().resolveCredentials().accessKeyId()).isEqualTo(SqsCredentials.DUMMY);
        SqsCredentials compose = SqsCredentials.of(config(Map.of("SQS_ENDPOINT", "http://localstack:4566")));
        assertThat(compose.provider().resolveCredentials().accessKeyId())
                .as("any non-AWS host is an emulator, not only loopback").isEqualTo(SqsCredentials.DUMMY);
    }

    @Test
    void withoutKeysAwsGetsTheDefaultChain() {
        assertThat(SqsCredentials.of(config(Map.of())).provider()).isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(SqsCredentials.of(config(Map.of("SQS_ENDPOINT",
                "https://vpce-0abc-xyz.sqs.eu-west-1.vpce.amazonaws.com"))).provider())
                .as("a VPC interface endpoint is AWS too").isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void theDefaultChainClientIsBuiltWithoutLookingForCredentials() {
        // no keys, no endpoint: on a box without credentials this must still construct (only calls fail)
        try (JobQueue queue = new JobQueue(config(Map.of()))) {
            assertThat(queue.credentialsSource()).contains("default credential chain");
        }
    }
}

package dev.firedrill.app.internal.jobs;

import dev.firedrill.app.AppConfig;
import java.net.URI;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where the SQS client's credentials come from, in this order:
 * <ol>
 *   <li>static keys when {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} are given (plus
 *       {@code AWS_SESSION_TOKEN} for temporary ones): the user said so;</li>
 *   <li>dummy keys when {@code SQS_ENDPOINT} names a host that is not AWS's ({@code *.amazonaws.com},
 *       {@code *.amazonaws.com.cn}): ElasticMQ, moto, LocalStack and friends accept any key, and a laptop's own
 *       credentials must never be sent to them (or reach a real account through a mistyped endpoint);</li>
 *   <li>otherwise the SDK's default chain: on EC2 the instance profile's role.</li>
 * </ol>
 * The default chain is lazy: nothing is looked up when the client is built, so the app starts on a box without
 * credentials and only the first SQS call fails (a 503 naming {@code sqs}). A user pointing {@code SQS_ENDPOINT} at a
 * proxy in front of real SQS under another name gives the keys explicitly.
 *
 * @param provider    the provider to build the client with
 * @param description what was chosen and why, for the start-up log (never the keys themselves)
 */
record SqsCredentials(AwsCredentialsProvider provider, String description) {
    static final String DUMMY = "firedrill";

    static SqsCredentials of(AppConfig config) {
        if (config.awsAccessKeyId() != null) {
            AwsCredentialsProvider keys = StaticCredentialsProvider.create(config.awsSessionToken() == null
                    ? AwsBasicCredentials.create(config.awsAccessKeyId(), config.awsSecretAccessKey())
                    : AwsSessionCredentials.create(config.awsAccessKeyId(), config.awsSecretAccessKey(),
                    config.awsSessionToken()));
            return new SqsCredentials(keys, "static keys from AWS_ACCESS_KEY_ID");
        }
        URI endpoint = config.sqsEndpoint();
        if (endpoint != null && !isAws(endpoint)) {
            return new SqsCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(DUMMY, DUMMY)),
                    "dummy keys: SQS_ENDPOINT " + endpoint.getHost() + " is not an AWS endpoint");
        }
        return new SqsCredentials(DefaultCredentialsProvider.builder().build(),
                "the SDK's default credential chain (instance profile on EC2)");
    }

    /** AWS's own SQS hosts, VPC interface endpoints ({@code vpce-….sqs.<region>.vpce.amazonaws.com}) included. */
    static boolean isAws(URI endpoint) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
    }
}

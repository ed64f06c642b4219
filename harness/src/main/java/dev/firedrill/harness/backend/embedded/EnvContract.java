package dev.firedrill.harness.backend.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment every app instance gets: the whole contract between firedrill and a user's app,
 * in any language. Documented in the README ("The env contract").
 */
public final class EnvContract {
    public static final String PORT = "PORT";
    public static final String INSTANCE_ID = "INSTANCE_ID";
    public static final String AZ = "AZ";
    public static final String DB_WRITER_URL = "DB_WRITER_URL";
    public static final String DB_READER_URL = "DB_READER_URL";
    public static final String DB_USER = "DB_USER";
    public static final String DB_PASSWORD = "DB_PASSWORD";
    public static final String REDIS_URL = "REDIS_URL";
    public static final String SQS_ENDPOINT = "SQS_ENDPOINT";
    public static final String JOBS_QUEUE_URL = "JOBS_QUEUE_URL";
    public static final String AWS_REGION = "AWS_REGION";

    private EnvContract() {
    }

    /** Builds the env for one instance; {@code extra} (the fleet's own env) wins over nothing, the contract wins over extra. */
    public static Map<String, String> of(int port, String instanceId, String az, String writerUrl, String readerUrl,
            String user, String password, String redisUrl, String sqsEndpoint, Map<String, String> queueUrls,
            String region, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(extra);
        env.put(PORT, Integer.toString(port));
        env.put(INSTANCE_ID, instanceId);
        env.put(AZ, az);
        if (writerUrl != null) {
            env.put(DB_WRITER_URL, writerUrl);
            env.put(DB_READER_URL, readerUrl);
            env.put(DB_USER, user);
            env.put(DB_PASSWORD, password);
        }
        if (redisUrl != null) {
            env.put(REDIS_URL, redisUrl);
        }
        if (sqsEndpoint != null) {
            env.put(SQS_ENDPOINT, sqsEndpoint);
            env.put("AWS_ACCESS_KEY_ID", "firedrill");
            env.put("AWS_SECRET_ACCESS_KEY", "firedrill");
            queueUrls.forEach((name, url) -> env.put(name.toUpperCase().replace('-', '_') + "_QUEUE_URL", url));
        }
        env.put(AWS_REGION, region);
        return env;
    }
}

package dev.firedrill.harness.topology;

/**
 * The images the containers backend runs (topology section {@code containers.images}). Defaults are the official
 * names a user would pull; {@code ci/scripts/build-images.sh} builds equivalents from Debian packages where no
 * registry is reachable.
 *
 * @param postgres the PostgreSQL image (primary and replicas; needs {@code pg_basebackup}, as the official one has)
 * @param redis    the cache
 * @param sqs      the queue service: an ElasticMQ image serving SQS on port 9324
 * @param jre      the Java runtime the reference app runs on
 */
public record ContainerImages(String postgres, String redis, String sqs, String jre) {
    public static final ContainerImages DEFAULTS = new ContainerImages("postgres:17", "redis:8",
            "softwaremill/elasticmq:1.7.1", "eclipse-temurin:21-jre");

    public ContainerImages {
        postgres = orDefault(postgres, "postgres:17");
        redis = orDefault(redis, "redis:8");
        sqs = orDefault(sqs, "softwaremill/elasticmq:1.7.1");
        jre = orDefault(jre, "eclipse-temurin:21-jre");
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isBlank() ? d : v.trim();
    }
}

package dev.firedrill.harness.backend.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.fis.FisClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of one run, all pinned to one region, one endpoint and one credential source — never the
 * ambient defaults by accident (a Testcontainers user's tests once created queues in a real account with the
 * default credentials, testcontainers-java #9798). With an endpoint (moto, LocalStack, Floci) the credentials are
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} if set, else a dummy pair such emulators accept;
 * without one, the default credential chain of the real account.
 */
public final class AwsClients implements AutoCloseable {
    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private CloudFormationClient cfn;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;
    private RdsClient rds;
    private StsClient sts;
    private AutoScalingClient asg;
    private SqsClient sqs;
    private FisClient fis;
    private IamClient iam;
    private SchedulerClient scheduler;
    private CloudWatchClient cloudWatch;

    private AwsClients(Region region, URI endpoint, AwsCredentialsProvider credentials) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    /** @param endpoint an AWS-compatible endpoint URL, or null for the region's real endpoints */
    public static AwsClients of(String region, String endpoint) {
        URI e = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim());
        AwsCredentialsProvider c;
        String key = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (e != null) {
            c = StaticCredentialsProvider.create(key != null && secret != null ? AwsBasicCredentials.create(key, secret)
                    : AwsBasicCredentials.create("firedrill", "firedrill"));
        } else {
            c = DefaultCredentialsProvider.builder().build();
        }
        return new AwsClients(Region.of(region), e, c);
    }

    /** Whether {@code endpoint} is a moto server (it answers {@code GET /moto-api/}); false for real AWS. */
    public static boolean isMoto(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return false;
        }
        try {
            var http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(endpoint.trim().replaceAll("/$", "")
                    + "/moto-api/")).timeout(Duration.ofSeconds(3)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String region() {
        return region.id();
    }

    /** The endpoint override, or null for real AWS. */
    public URI endpoint() {
        return endpoint;
    }

    private <B extends AwsClientBuilder<B, C>, C> C build(B b) {
        b.region(region).credentialsProvider(credentials);
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b.build();
    }

    private static UrlConnectionHttpClient.Builder http() {
        return UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30));
    }

    public synchronized CloudFormationClient cfn() {
        if (cfn == null) {
            cfn = build(CloudFormationClient.builder().httpClientBuilder(http()));
        }
        return cfn;
    }

    public synchronized Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = build(Ec2Client.builder().httpClientBuilder(http()));
        }
        return ec2;
    }

    public synchronized ElasticLoadBalancingV2Client elb() {
        if (elb == null) {
            elb = build(ElasticLoadBalancingV2Client.builder().httpClientBuilder(http()));
        }
        return elb;
    }

    public synchronized RdsClient rds() {
        if (rds == null) {
            rds = build(RdsClient.builder().httpClientBuilder(http()));
        }
        return rds;
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            sts = build(StsClient.builder().httpClientBuilder(http()));
        }
        return sts;
    }

    public synchronized AutoScalingClient asg() {
        if (asg == null) {
            asg = build(AutoScalingClient.builder().httpClientBuilder(http()));
        }
        return asg;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = build(SqsClient.builder().httpClientBuilder(http()));
        }
        return sqs;
    }

    public synchronized FisClient fis() {
        if (fis == null) {
            fis = build(FisClient.builder().httpClientBuilder(http()));
        }
        return fis;
    }

    /** IAM is global: its requests go to the region's endpoint override or to IAM's global endpoint. */
    public synchronized IamClient iam() {
        if (iam == null) {
            IamClientBuilder b = IamClient.builder().httpClientBuilder(http()).credentialsProvider(credentials)
                    .region(endpoint == null ? Region.AWS_GLOBAL : region);
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            iam = b.build();
        }
        return iam;
    }

    public synchronized SchedulerClient scheduler() {
        if (scheduler == null) {
            scheduler = build(SchedulerClient.builder().httpClientBuilder(http()));
        }
        return scheduler;
    }

    public synchronized CloudWatchClient cloudWatch() {
        if (cloudWatch == null) {
            cloudWatch = build(CloudWatchClient.builder().httpClientBuilder(http()));
        }
        return cloudWatch;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : new AutoCloseable[] {cfn, ec2, elb, rds, sts, asg, sqs, fis, iam, scheduler, cloudWatch}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            }
        }
    }
}

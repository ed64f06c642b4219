package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.arr;
import static dev.firedrill.harness.backend.aws.internal.Cfn.getAtt;
import static dev.firedrill.harness.backend.aws.internal.Cfn.obj;
import static dev.firedrill.harness.backend.aws.internal.Cfn.ref;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.AwsTags;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.topology.Cache;
import dev.firedrill.harness.topology.Queue;
import java.util.List;

/**
 * ElastiCache for Redis OSS and the SQS queues.
 *
 * <p>The cache is what the topology says: one node ({@code NumCacheClusters} 1) in the cache subnet's AZ, through a
 * replication group (the resource that has a primary endpoint), without automatic failover or Multi-AZ, which need
 * a second node. No snapshots are kept. Transit encryption stays off because the env contract hands apps a plain
 * {@code redis://} URL; data at rest is encrypted.
 *
 * <p>Queues keep the topology's visibility timeouts and redrive policies (dead-letter queue, maxReceiveCount);
 * CloudFormation names them, so two runs never collide.
 */
public final class CacheQueuePart {
    public static final String NODE_TYPE = "cache.t4g.micro";
    /** SQS's default, 4 days (SQS Developer Guide, "Amazon SQS message quotas"), written out as cfn-lint's I3013 asks. */
    public static final int MESSAGE_RETENTION_SECONDS = 345_600;
    /** The newest Redis OSS line ElastiCache offers. */
    public static final String REDIS_VERSION = "7.1";

    private CacheQueuePart() {
    }

    public static void addCache(Stack s) {
        Cache c = s.topology().cache();
        ObjectNode g = s.add(LogicalIds.CACHE_SUBNETS, "AWS::ElastiCache::SubnetGroup");
        g.put("Description", "firedrill " + s.topology().name() + " " + c.name());
        g.set("SubnetIds", arr(ref(LogicalIds.subnet(c.subnet()))));
        g.set("Tags", s.tags(c.name() + "-subnets"));

        ObjectNode r = s.add(LogicalIds.CACHE, "AWS::ElastiCache::ReplicationGroup");
        // named, so the instances look its endpoint up by id at boot: the template names no attribute of it (moto
        // 5.2 does not create replication groups and fails the stack on any Ref or Fn::GetAtt to one)
        r.put("ReplicationGroupId", replicationGroupId(s.runId()));
        r.put("ReplicationGroupDescription", "firedrill " + s.topology().name() + " " + c.name() + " (run "
                + s.runId() + ")");
        r.put("Engine", "redis").put("EngineVersion", REDIS_VERSION).put("CacheNodeType", NODE_TYPE);
        r.put("NumCacheClusters", 1).put("AutomaticFailoverEnabled", false).put("MultiAZEnabled", false);
        r.set("PreferredCacheClusterAZs", arr(Cfn.F.textNode(s.subnet(c.subnet()).az())));
        r.put("Port", c.port());
        r.set("CacheSubnetGroupName", ref(LogicalIds.CACHE_SUBNETS));
        r.set("SecurityGroupIds", arr(getAtt(LogicalIds.securityGroup(c.securityGroup()), "GroupId")));
        r.put("AtRestEncryptionEnabled", true).put("TransitEncryptionEnabled", false);
        r.put("SnapshotRetentionLimit", 0);
        ArrayNode tags = s.tags(c.name());
        tags.add(Cfn.tag(AwsTags.COMPONENT, c.name()));
        r.set("Tags", tags);
        s.deleteOnTeardown(LogicalIds.CACHE);
    }

    public static void addQueues(Stack s) {
        List<Queue> queues = s.topology().queues();
        List<String> names = queues.stream().map(Queue::name).toList();
        for (int i = 0; i < queues.size(); i++) {
            Queue q = queues.get(i);
            String id = LogicalIds.queue(q.name());
            ObjectNode p = s.add(id, "AWS::SQS::Queue");
            p.put("VisibilityTimeout", Stack.seconds("queues[" + i + "].visibilityTimeout", q.visibilityTimeout()));
            p.put("MessageRetentionPeriod", MESSAGE_RETENTION_SECONDS);
            if (q.deadLetterQueue() != null) {
                if (!names.contains(q.deadLetterQueue())) {
                    throw new TopologyException("queues[" + i + "].deadLetter.name", "'" + q.deadLetterQueue()
                            + "' is not one of the topology's queues (" + String.join(", ", names)
                            + "); declare it under queues");
                }
                ObjectNode redrive = obj();
                redrive.set("deadLetterTargetArn", getAtt(LogicalIds.queue(q.deadLetterQueue()), "Arn"));
                redrive.put("maxReceiveCount", q.maxReceiveCount());
                p.set("RedrivePolicy", redrive);
            }
            p.set("Tags", s.tags(q.name()));
            s.deleteOnTeardown(id);
        }
    }

    /**
     * The replication group's id: {@code fd-} and the run id, lower-case letters, digits and single hyphens, at
     * most 40 characters (ElastiCache's rule for {@code ReplicationGroupId}); a longer run id is cut and given a
     * hash of the whole, so two run ids never share one.
     */
    public static String replicationGroupId(String runId) {
        String id = ("fd-" + runId.toLowerCase(java.util.Locale.ROOT)).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("-+$", "");
        if (id.length() > 40) {
            String hash = Integer.toHexString(runId.hashCode() & 0x7fffffff);
            id = id.substring(0, 40 - hash.length() - 1).replaceAll("-+$", "") + "-" + hash;
        }
        return id;
    }

    /** The env contract's variable for a queue's URL: {@code jobs-dlq} → {@code JOBS_DLQ_QUEUE_URL}. */
    public static String urlVariable(String queue) {
        return queue.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_QUEUE_URL";
    }
}

package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.arr;
import static dev.firedrill.harness.backend.aws.internal.Cfn.getAtt;
import static dev.firedrill.harness.backend.aws.internal.Cfn.obj;
import static dev.firedrill.harness.backend.aws.internal.Cfn.ref;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.AwsTags;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.topology.Database;
import dev.firedrill.harness.topology.FailoverProfile;
import dev.firedrill.harness.topology.Subnet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RDS for PostgreSQL: a DB subnet group over the database's subnets, a parameter group for the primary and one per
 * read replica (family {@value #FAMILY}), the primary (Multi-AZ when the failover profile is
 * {@code rds-multi-az-instance}) and one read replica per topology replica, each in its subnet's AZ.
 *
 * <p>Nothing is kept when the stack goes: {@code DeletionPolicy}/{@code UpdateReplacePolicy} {@code Delete} (with no
 * policy RDS's default is Snapshot, a billed snapshot left behind), {@code DeleteAutomatedBackups},
 * {@code DeletionProtection} off. The master password is RDS-managed in Secrets Manager
 * ({@code ManageMasterUserPassword}), never in the template.
 */
public final class DatabasePart {
    /** The smallest Graviton class; $0.016/h single-AZ, $0.032/h Multi-AZ (../shared/AWS.md). */
    public static final String INSTANCE_CLASS = "db.t4g.micro";
    /**
     * PostgreSQL 17: 17.6 or later lets {@code rds_superuser} call {@code pg_wal_replay_pause()} on a replica
     * (../shared/AWS.md, "Fault → AWS mechanism", replica lag); 17.9 is the newest 17.x cfn-lint 1.51's RDS data
     * knows.
     */
    public static final String ENGINE_VERSION = "17.9";
    public static final String FAMILY = "postgres17";
    /** RDS's minimum for gp3 PostgreSQL storage (RDS User Guide, "Amazon RDS DB instance storage"). */
    public static final int STORAGE_GB = 20;
    /** A read replica needs automated backups on its source: at least 1 day (RDS User Guide, "Working with read replicas"). */
    public static final int BACKUP_RETENTION_DAYS = 1;
    /** The database user the env contract's {@code DB_USER} names, as on the embedded backend. */
    public static final String MASTER_USER = "firedrill";

    private DatabasePart() {
    }

    public static void add(Stack s) {
        Database d = s.topology().database();
        FailoverProfile profile = d.failoverProfile();
        if (profile == FailoverProfile.RDS_MULTI_AZ_CLUSTER || profile == FailoverProfile.AURORA) {
            throw new TopologyException("database.failoverProfile", "the aws target provisions RDS for PostgreSQL DB "
                    + "instances (rds-multi-az-instance or instant), not yet a Multi-AZ DB cluster or Aurora (got "
                    + profile.id() + "); use rds-multi-az-instance to plan on AWS");
        }
        boolean multiAz = profile == FailoverProfile.RDS_MULTI_AZ_INSTANCE;

        ObjectNode group = s.add(LogicalIds.DB_SUBNETS, "AWS::RDS::DBSubnetGroup");
        group.put("DBSubnetGroupDescription", "firedrill " + s.topology().name() + " " + d.name());
        group.set("SubnetIds", Cfn.list(subnetGroup(s, d).stream().map(n -> ref(LogicalIds.subnet(n))).toList()));
        group.set("Tags", s.tags(d.name() + "-subnets"));

        parameterGroup(s, LogicalIds.DB_PARAMS_PRIMARY, d.name() + " primary", null);
        ObjectNode p = s.add(LogicalIds.DB_PRIMARY, "AWS::RDS::DBInstance");
        p.put("Engine", "postgres").put("EngineVersion", ENGINE_VERSION).put("DBInstanceClass", INSTANCE_CLASS);
        p.put("AllocatedStorage", String.valueOf(STORAGE_GB)).put("StorageType", "gp3").put("StorageEncrypted", true);
        p.put("MultiAZ", multiAz);
        if (!multiAz) {
            // RDS refuses AvailabilityZone on a Multi-AZ instance: it places the primary and the standby itself
            p.put("AvailabilityZone", s.subnet(d.primarySubnet()).az());
        }
        p.put("Port", String.valueOf(d.port()));
        p.put("MasterUsername", MASTER_USER).put("ManageMasterUserPassword", true);
        p.put("BackupRetentionPeriod", BACKUP_RETENTION_DAYS);
        p.put("DeletionProtection", false).put("DeleteAutomatedBackups", true).put("PubliclyAccessible", false);
        p.set("DBSubnetGroupName", ref(LogicalIds.DB_SUBNETS));
        p.set("DBParameterGroupName", ref(LogicalIds.DB_PARAMS_PRIMARY));
        p.set("VPCSecurityGroups", arr(getAtt(LogicalIds.securityGroup(d.securityGroup()), "GroupId")));
        p.set("Tags", component(s.tags(d.name() + "-primary"), primaryComponent(d)));
        s.deleteOnTeardown(LogicalIds.DB_PRIMARY);

        for (int i = 1; i <= d.replicas(); i++) {
            String params = LogicalIds.replicaParams(i);
            // recovery_min_apply_delay is dynamic (0-86,400,000 ms): the replica-lag fault sets it at run time, on
            // this replica's own group so the primary and the other replicas are untouched
            parameterGroup(s, params, d.name() + " replica " + i, obj().put("recovery_min_apply_delay", "0"));
            String id = LogicalIds.replica(i);
            ObjectNode r = s.add(id, "AWS::RDS::DBInstance");
            r.set("SourceDBInstanceIdentifier", ref(LogicalIds.DB_PRIMARY));
            r.put("DBInstanceClass", INSTANCE_CLASS).put("StorageType", "gp3");
            r.put("AvailabilityZone", s.subnet(d.replicaSubnets().get(i - 1)).az());
            r.set("DBParameterGroupName", ref(params));
            r.set("VPCSecurityGroups", arr(getAtt(LogicalIds.securityGroup(d.securityGroup()), "GroupId")));
            r.put("DeletionProtection", false).put("DeleteAutomatedBackups", true).put("PubliclyAccessible", false);
            r.set("Tags", component(s.tags(d.name() + "-replica-" + i), d.name() + "-replica-" + i));
            s.deleteOnTeardown(id);
        }
    }

    /** The primary's component name, as the topology's components and its {@link AwsTags#COMPONENT} tag say. */
    public static String primaryComponent(Database d) {
        return d.name() + "-primary";
    }

    private static ArrayNode component(ArrayNode tags, String name) {
        tags.add(Cfn.tag(AwsTags.COMPONENT, name));
        return tags;
    }

    /** Whether the primary is a Multi-AZ DB instance (a standby FIS can fail over to). */
    public static boolean multiAz(Database d) {
        return d.failoverProfile() == FailoverProfile.RDS_MULTI_AZ_INSTANCE;
    }

    /**
     * The database's subnets, plus private subnets of other AZs when they span only one: RDS wants a DB subnet
     * group to cover at least two AZs (RDS User Guide, "Working with DB subnet groups").
     */
    static List<String> subnetGroup(Stack s, Database d) {
        Set<String> names = new LinkedHashSet<>();
        names.add(d.primarySubnet());
        names.addAll(d.replicaSubnets());
        Set<String> azs = new LinkedHashSet<>();
        names.forEach(n -> azs.add(s.subnet(n).az()));
        List<String> out = new ArrayList<>(names);
        for (Subnet sub : s.topology().vpc().subnets()) {
            if (azs.size() >= 2) {
                break;
            }
            if (!sub.isPublic() && azs.add(sub.az())) {
                out.add(sub.name());
            }
        }
        if (azs.size() < 2) {
            throw new TopologyException("database", "RDS needs its DB subnet group to cover two availability zones and "
                    + "the topology has private subnets in " + azs + " only; add a private subnet in another AZ");
        }
        return out;
    }

    private static void parameterGroup(Stack s, String id, String what, ObjectNode parameters) {
        ObjectNode g = s.add(id, "AWS::RDS::DBParameterGroup");
        g.put("Family", FAMILY).put("Description", "firedrill " + s.topology().name() + " " + what);
        if (parameters != null) {
            g.set("Parameters", parameters);
        }
        g.set("Tags", s.tags(what.replace(' ', '-')));
    }
}

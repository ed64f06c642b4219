package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.backend.aws.AwsSweep.Leftover;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;

/**
 * Network ACLs of a run: those tagged with its run id, and those FIS made ({@code managedByFIS=true}: FIS's
 * {@code aws:network:disrupt-connectivity} puts a copy with deny rules on the subnets and restores the original
 * when the experiment ends) inside the run's VPCs, which an experiment cut short can leave behind. A VPC with such
 * an ACL cannot be deleted, and its subnets stay cut off. Deleting one first moves its subnets to the VPC's
 * default ACL.
 */
final class SweepNacls {
    static final String TYPE = "ec2:network-acl";
    static final String FIS_TAG = "managedByFIS";

    private SweepNacls() {
    }

    static void find(Ec2Client ec2, Filter runTag, List<Leftover> out) {
        Set<String> ids = new LinkedHashSet<>();
        ec2.describeNetworkAclsPaginator(b -> b.filters(runTag)).networkAcls().stream()
                .filter(a -> !Boolean.TRUE.equals(a.isDefault())).forEach(a -> ids.add(a.networkAclId()));
        List<String> vpcs = ec2.describeVpcs(b -> b.filters(runTag)).vpcs().stream().map(v -> v.vpcId()).toList();
        if (!vpcs.isEmpty()) {
            ec2.describeNetworkAclsPaginator(b -> b.filters(Filter.builder().name("vpc-id").values(vpcs).build(),
                    Filter.builder().name("tag:" + FIS_TAG).values("true").build())).networkAcls().stream()
                    .filter(a -> !Boolean.TRUE.equals(a.isDefault())).forEach(a -> ids.add(a.networkAclId()));
        }
        ids.forEach(id -> out.add(new Leftover(TYPE, id)));
    }

    /** Moves the ACL's subnets to their VPC's default ACL, then deletes it. */
    static void delete(Ec2Client ec2, Leftover l) {
        for (NetworkAcl acl : ec2.describeNetworkAcls(b -> b.networkAclIds(l.id())).networkAcls()) {
            if (!acl.associations().isEmpty()) {
                String fallback = ec2.describeNetworkAcls(b -> b.filters(
                        Filter.builder().name("vpc-id").values(acl.vpcId()).build(),
                        Filter.builder().name("default").values("true").build())).networkAcls().get(0).networkAclId();
                acl.associations().forEach(a -> ec2.replaceNetworkAclAssociation(b -> b
                        .associationId(a.networkAclAssociationId()).networkAclId(fallback)));
            }
            ec2.deleteNetworkAcl(b -> b.networkAclId(l.id()));
        }
    }
}

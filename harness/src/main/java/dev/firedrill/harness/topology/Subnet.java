package dev.firedrill.harness.topology;

/** A subnet of the VPC in one availability zone; public subnets hold the load balancer. */
public record Subnet(String name, String az, String cidr, boolean isPublic) {
}

/**
 * The stack to rehearse, as immutable values: a {@link dev.firedrill.harness.topology.Topology} holds the
 * {@link dev.firedrill.harness.topology.Vpc} and its subnets, {@link dev.firedrill.harness.topology.SecurityGroup}s,
 * the {@link dev.firedrill.harness.topology.LoadBalancer}, one {@link dev.firedrill.harness.topology.Fleet} of app
 * instances ({@link dev.firedrill.harness.topology.AppSpec}), the {@link dev.firedrill.harness.topology.Database},
 * the {@link dev.firedrill.harness.topology.Cache} and the {@link dev.firedrill.harness.topology.Queue}s, with AWS
 * durations compressed by its time scale. Build one with {@code Topology.builder()} or read YAML with
 * {@link dev.firedrill.harness.topology.TopologyYaml} (every section falls back to the default);
 * {@link dev.firedrill.harness.topology.TopologyValidator} checks AWS's limits and
 * {@link dev.firedrill.harness.topology.SecurityGroupRules} evaluates an edge. Backends deploy it; nothing here
 * starts anything.
 */
package dev.firedrill.harness.topology;

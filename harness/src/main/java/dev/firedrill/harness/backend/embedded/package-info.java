/**
 * The {@code embedded} backend: the whole stack on this machine from Maven Central artifacts, no Docker.
 * {@link dev.firedrill.harness.backend.embedded.EmbeddedBackend} deploys a topology into an
 * {@link dev.firedrill.harness.backend.embedded.EmbeddedDeployment}: PostgreSQL primary and streaming replicas,
 * Redis, ElasticMQ for SQS, the app instances as OS processes started with the
 * {@link dev.firedrill.harness.backend.embedded.EnvContract}, the {@code lb} ALB simulator and a {@code net} link
 * on every edge. {@link dev.firedrill.harness.backend.embedded.EmbeddedFaults} executes faults on those links,
 * processes and servers; {@link dev.firedrill.harness.backend.embedded.Preflight} checks, before anything starts,
 * that the fleet's command exists and the security groups let the app reach its database. The server and process
 * management lives in {@code internal}.
 */
package dev.firedrill.harness.backend.embedded;

/**
 * The {@code aws} target, first part: plan a topology or a scenario on AWS without touching an account.
 * {@link dev.firedrill.harness.backend.aws.AwsTemplate} writes the CloudFormation template of a topology (VPC, ALB,
 * Auto Scaling fleet, RDS PostgreSQL with read replicas, ElastiCache, SQS, the 5xx alarm and the FIS role), every
 * taggable resource tagged with the run id ({@link dev.firedrill.harness.backend.aws.AwsTags}); for a scenario it
 * adds one FIS experiment template per fault FIS can reproduce, as
 * {@link dev.firedrill.harness.backend.aws.FisExperiments} maps them (the others are listed with the reason).
 * {@link dev.firedrill.harness.backend.aws.FisCatalog} checks experiment templates against the FIS actions the
 * project ships; {@link dev.firedrill.harness.backend.aws.AwsCost} prices the stack and a rehearsal from the dated
 * table {@link dev.firedrill.harness.backend.aws.AwsPrices}. The template's parts and the fault mappers live in
 * {@code internal}. {@link dev.firedrill.harness.backend.aws.AwsRun} creates and tears down a stack
 * ({@code firedrill aws up/down}), with a dead-man's switch ({@link dev.firedrill.harness.backend.aws.AwsBackstop})
 * and a sweep by tag ({@link dev.firedrill.harness.backend.aws.AwsSweep}); running scenarios on AWS comes later.
 */
package dev.firedrill.harness.backend.aws;

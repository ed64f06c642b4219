/**
 * Distributed traces through a stack: spans the apps export over OTLP and the ALB simulator's own, kept with a run's
 * history and drawn in its report.
 */
package dev.firedrill.harness.trace;

/**
 * A stand-in app for smoke tests and benchmarks of a topology that must not depend on the reference app.
 * {@link dev.firedrill.harness.testapp.TestServer} follows the env contract ({@code GET /health}, its instance id
 * on {@code GET /}, the writer and reader endpoints' {@code pg_is_in_recovery()}), and
 * {@link dev.firedrill.harness.testapp.TestTopologies} gives the default topology with it as the fleet's app
 * (harness tests, perf's UpBenchmark).
 */
package dev.firedrill.harness.testapp;

/**
 * firedrill's reference service, a typical stateless AWS web app configured only by the env contract.
 * {@link dev.firedrill.app.App#start(java.util.Map)} starts an instance in-process from an environment map
 * (validated into an {@link dev.firedrill.app.AppConfig}; a broken contract is a
 * {@link dev.firedrill.app.ConfigException} listing every bad variable), and {@link dev.firedrill.app.App#close()}
 * is its graceful shutdown; {@link dev.firedrill.app.Main} does the same from {@code System.getenv()} for
 * {@code java -jar}. Everything else (HTTP routes, database pools and migrations, Redis, the SQS worker, circuit
 * breakers, JSON logging) lives in {@code internal}. It depends on nothing of the harness; only its tests do.
 */
package dev.firedrill.app;

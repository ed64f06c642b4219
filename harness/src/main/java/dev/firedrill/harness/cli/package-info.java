/**
 * The {@code firedrill} command line (picocli). {@link dev.firedrill.harness.cli.Main} is the only public type;
 * the subcommands ({@code up}, {@code validate}, {@code topology}, {@code fault}, {@code heal}, {@code clean},
 * {@code list}, {@code run}) are package-private. {@code up} deploys a topology and serves it until Ctrl-C,
 * writing {@code endpoints.json}; {@code fault} and {@code heal} talk to that running {@code up} through its
 * control API ({@code fault.FaultApiHandler} beside the Toxiproxy API of {@code net}); {@code run} plays a
 * scenario with the {@code scenario} package. Exit codes are {@link dev.firedrill.harness.cli.Main}'s constants.
 */
package dev.firedrill.harness.cli;

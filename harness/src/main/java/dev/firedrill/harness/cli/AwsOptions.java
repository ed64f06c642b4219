package dev.firedrill.harness.cli;

import picocli.CommandLine.Option;

/** Where the {@code aws} commands send their requests and whose account they may touch. */
final class AwsOptions {
    @Option(names = "--aws-endpoint", paramLabel = "URL",
            description = "Send every AWS request to this AWS-compatible endpoint (moto, LocalStack, Floci) instead of "
                    + "the region's; credentials then come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a dummy pair.")
    String endpoint;

    @Option(names = "--confirm-account", paramLabel = "ID",
            description = "The AWS account id the credentials must belong to; nothing is created or deleted without "
                    + "it (the error names the account in use).")
    String confirmAccount;
}

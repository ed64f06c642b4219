package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.FiredrillException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Nothing is created in an account the user did not name: {@code --confirm-account ID} must equal the account
 * of the credentials in use ({@code sts:GetCallerIdentity}), checked before the first create call.
 */
public final class AccountGuard {
    private AccountGuard() {
    }

    /** The account id, after checking it is {@code confirmed}; a {@link FiredrillException} (exit 2) otherwise. */
    public static String require(AwsClients aws, String confirmed) {
        GetCallerIdentityResponse me;
        try {
            me = aws.sts().getCallerIdentity();
        } catch (SdkException e) {
            throw new FiredrillException("cannot tell which AWS account the credentials belong to (sts:GetCallerIdentity"
                    + (aws.endpoint() == null ? "" : " at " + aws.endpoint()) + " failed: " + e.getMessage()
                    + "); nothing was created. Check the credentials, the region and --aws-endpoint", e);
        }
        String where = aws.endpoint() == null ? "" : " at " + aws.endpoint();
        if (confirmed == null || confirmed.isBlank()) {
            throw new FiredrillException("nothing was created: --confirm-account is required before anything that bills "
                    + "is created. The credentials in use are " + me.arn() + ", account " + me.account() + where
                    + "; if that is the account to use, run again with --confirm-account " + me.account());
        }
        if (!confirmed.trim().equals(me.account())) {
            throw new FiredrillException("nothing was created: --confirm-account " + confirmed.trim() + " but the "
                    + "credentials in use belong to account " + me.account() + " (" + me.arn() + ")" + where
                    + "; use the credentials of account " + confirmed.trim() + ", or confirm " + me.account());
        }
        return me.account();
    }
}

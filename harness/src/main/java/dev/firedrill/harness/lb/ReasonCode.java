package dev.firedrill.harness.lb;

/**
 * Why a target is not {@link TargetState#HEALTHY}, spelled as AWS's {@code TargetHealth.Reason}
 * (ELB API reference, "TargetHealth"). Codes starting {@code Elb.} originate on the load balancer,
 * {@code Target.} on the target.
 */
public enum ReasonCode {
    /** Healthy targets carry no reason code in AWS. */
    NONE(""),
    ELB_REGISTRATION_IN_PROGRESS("Elb.RegistrationInProgress"),
    ELB_INITIAL_HEALTH_CHECKING("Elb.InitialHealthChecking"),
    /** The health check answered with a status outside the matcher. */
    TARGET_RESPONSE_CODE_MISMATCH("Target.ResponseCodeMismatch"),
    /** The health check got no answer within the health-check timeout. */
    TARGET_TIMEOUT("Target.Timeout"),
    /** The connection failed or the answer was malformed. */
    TARGET_FAILED_HEALTH_CHECKS("Target.FailedHealthChecks"),
    TARGET_DEREGISTRATION_IN_PROGRESS("Target.DeregistrationInProgress"),
    TARGET_NOT_REGISTERED("Target.NotRegistered");

    private final String code;

    ReasonCode(String code) {
        this.code = code;
    }

    /** The AWS spelling, e.g. {@code Target.Timeout}; empty for {@link #NONE}. */
    public String code() {
        return code;
    }
}

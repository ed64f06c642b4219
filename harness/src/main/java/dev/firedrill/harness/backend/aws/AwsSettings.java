package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.FiredrillException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a run on AWS needs besides the topology: where requests go, whose account may be touched, the
 * template's parameters and the guards. The CLI fills it from {@code --confirm-account}, {@code --aws-endpoint},
 * {@code --param}, {@code --max-run-time}, {@code --max-cost}; a JUnit run or a program from the environment
 * ({@link #fromEnvironment()}).
 *
 * @param region the region, or null for the topology's
 * @param endpoint an AWS-compatible endpoint URL (moto, LocalStack, Floci), or null for the region's real endpoints
 * @param confirmAccount the account id the credentials must belong to; nothing is created without it
 * @param params template parameters (ImageId, InstanceType, AppArtifactUrl...)
 * @param createTimeout how long the stack may take to reach CREATE_COMPLETE before it is deleted
 * @param maxRunTime the longest the stack may live: the run stops at this age, and at this age the backstop
 *     ({@link AwsBackstop}) deletes the stack even when the harness is gone
 * @param maxCostUsd the run is refused before anything is created when its estimate (the stack for
 *     {@code maxRunTime} plus its FIS action-minutes) is above this
 * @param journal where the run journal goes ({@code aws down} finds the stack through it)
 * @param faultMode how faults reach AWS
 */
public record AwsSettings(String region, String endpoint, String confirmAccount, Map<String, String> params,
        Duration createTimeout, Duration maxRunTime, double maxCostUsd, Path journal, FaultMode faultMode) {
    /** The default {@code --max-run-time}: long enough for a Multi-AZ RDS stack's setup, a run and a teardown. */
    public static final Duration DEFAULT_MAX_RUN_TIME = Duration.ofMinutes(90);
    /** The default {@code --max-cost} in USD: several times what a built-in scenario's rehearsal costs. */
    public static final double DEFAULT_MAX_COST_USD = 5.0;
    public static final Duration DEFAULT_CREATE_TIMEOUT = Duration.ofMinutes(60);

    /** How a fault with a FIS action is executed. */
    public enum FaultMode {
        /** FIS experiments where FIS has an action, direct API calls otherwise (a real account). */
        FIS,
        /**
         * Direct API calls only (TerminateInstances, StopInstances, RebootDBInstance with ForceFailover...): for an
         * emulator that does not run FIS experiments (moto); faults only FIS can cause are refused up front.
         */
        API,
        /** {@link #API} when the endpoint is moto, {@link #FIS} otherwise. */
        AUTO
    }

    public AwsSettings {
        params = Map.copyOf(new LinkedHashMap<>(params));
        Objects.requireNonNull(createTimeout, "createTimeout");
        Objects.requireNonNull(maxRunTime, "maxRunTime");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(faultMode, "faultMode");
        if (maxRunTime.isNegative() || maxRunTime.isZero()) {
            throw new FiredrillException("the maximum run time must be positive, not " + maxRunTime);
        }
        if (!(maxCostUsd > 0)) {
            throw new FiredrillException("the cost ceiling must be a positive number of USD, not " + maxCostUsd);
        }
    }

    /** Defaults: the topology's region, real AWS, no account confirmed (nothing can be created yet). */
    public static AwsSettings defaults() {
        return new AwsSettings(null, null, null, Map.of(), DEFAULT_CREATE_TIMEOUT, DEFAULT_MAX_RUN_TIME,
                DEFAULT_MAX_COST_USD, Path.of("target", "firedrill", "aws-run.json"), FaultMode.AUTO);
    }

    /**
     * From the environment: {@code FIREDRILL_AWS_CONFIRM_ACCOUNT}, {@code FIREDRILL_AWS_ENDPOINT},
     * {@code FIREDRILL_AWS_REGION}, {@code FIREDRILL_AWS_MAX_RUN_MINUTES}, {@code FIREDRILL_AWS_MAX_COST_USD} and
     * {@code FIREDRILL_AWS_PARAM_<Name>} for each template parameter; the defaults for what is unset.
     */
    public static AwsSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        AwsSettings d = defaults();
        Map<String, String> params = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("FIREDRILL_AWS_PARAM_")) {
                params.put(k.substring("FIREDRILL_AWS_PARAM_".length()), v);
            }
        });
        try {
            return new AwsSettings(env.get("FIREDRILL_AWS_REGION"), env.get("FIREDRILL_AWS_ENDPOINT"),
                    env.get("FIREDRILL_AWS_CONFIRM_ACCOUNT"), params, d.createTimeout(),
                    env.containsKey("FIREDRILL_AWS_MAX_RUN_MINUTES")
                            ? Duration.ofMinutes(Long.parseLong(env.get("FIREDRILL_AWS_MAX_RUN_MINUTES").trim()))
                            : d.maxRunTime(),
                    env.containsKey("FIREDRILL_AWS_MAX_COST_USD")
                            ? Double.parseDouble(env.get("FIREDRILL_AWS_MAX_COST_USD").trim()) : d.maxCostUsd(),
                    d.journal(), d.faultMode());
        } catch (NumberFormatException e) {
            throw new FiredrillException("FIREDRILL_AWS_MAX_RUN_MINUTES / FIREDRILL_AWS_MAX_COST_USD must be numbers: "
                    + e.getMessage());
        }
    }

    public AwsSettings withEndpoint(String e) {
        return new AwsSettings(region, e, confirmAccount, params, createTimeout, maxRunTime, maxCostUsd, journal,
                faultMode);
    }

    public AwsSettings withConfirmAccount(String a) {
        return new AwsSettings(region, endpoint, a, params, createTimeout, maxRunTime, maxCostUsd, journal,
                faultMode);
    }

    public AwsSettings withRegion(String r) {
        return new AwsSettings(r, endpoint, confirmAccount, params, createTimeout, maxRunTime, maxCostUsd, journal,
                faultMode);
    }

    public AwsSettings withParams(Map<String, String> p) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.putAll(p);
        return new AwsSettings(region, endpoint, confirmAccount, all, createTimeout, maxRunTime, maxCostUsd, journal,
                faultMode);
    }

    public AwsSettings withGuards(Duration maxRun, double maxCost) {
        return new AwsSettings(region, endpoint, confirmAccount, params, createTimeout, maxRun, maxCost, journal,
                faultMode);
    }

    public AwsSettings withCreateTimeout(Duration t) {
        return new AwsSettings(region, endpoint, confirmAccount, params, t, maxRunTime, maxCostUsd, journal,
                faultMode);
    }

    public AwsSettings withJournal(Path j) {
        return new AwsSettings(region, endpoint, confirmAccount, params, createTimeout, maxRunTime, maxCostUsd, j,
                faultMode);
    }

    public AwsSettings withFaultMode(FaultMode m) {
        return new AwsSettings(region, endpoint, confirmAccount, params, createTimeout, maxRunTime, maxCostUsd,
                journal, m);
    }
}

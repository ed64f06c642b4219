package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.FiredrillException;
import java.util.regex.Pattern;

/**
 * The tags firedrill puts on everything it creates on AWS, so a run's resources can be found, targeted by FIS and
 * swept by tag even when the harness died: every taggable resource of a stack carries {@link #RUN_ID} and
 * {@link #TOPOLOGY}; the fleet's instances also carry {@link #COMPONENT} (through the Auto Scaling group's
 * {@code PropagateAtLaunch}), which FIS experiments select them by.
 */
public final class AwsTags {
    /** The run id: one per stack, e.g. {@code default-20261201-101500}. */
    public static final String RUN_ID = "firedrill:run-id";
    /** The topology's name. */
    public static final String TOPOLOGY = "firedrill:topology";
    /** The topology component a resource plays, e.g. the fleet's name {@code app}. */
    public static final String COMPONENT = "firedrill:component";

    /** Tag values allow more, but a run id also names things: letters, digits, '.', '_', '-'; at most 64. */
    private static final Pattern RUN_ID_FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private AwsTags() {
    }

    /** {@code runId}, or an error saying what a run id may hold. */
    public static String requireRunId(String runId) {
        if (runId == null || !RUN_ID_FORM.matcher(runId).matches()) {
            throw new FiredrillException("run id '" + runId + "' must be 1-64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit (it tags every resource of the stack), e.g. default-plan");
        }
        return runId;
    }
}

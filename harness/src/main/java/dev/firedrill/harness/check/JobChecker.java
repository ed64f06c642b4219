package dev.firedrill.harness.check;

import dev.firedrill.harness.check.internal.Figures;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.Operations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Background jobs: every acknowledged ({@code ok}) enqueue must be processed at least once, and — when the
 * final check knows when — within {@link CheckInput#jobBound()} after the last heal. The job id is the enqueue's
 * key (else its value). Jobs that ended in the dead-letter queue are counted as {@code deadLettered}, not lost;
 * duplicates (work run more than once) and redeliveries (delivered more than once) are figures, since SQS delivers
 * at least once; {@code noDuplicateJobs} turns duplicates into a verdict for apps that promise idempotent work.
 */
public final class JobChecker implements Checker {
    /** This checker's {@link #name()}: its key among a run's checks and in result.json. */
    public static final String NAME = "jobs";
    /** Acknowledged enqueues. */
    public static final Figure<Long> ACKNOWLEDGED = Figure.count("acknowledged");
    /** Acknowledged jobs never processed (nor dead-lettered). */
    public static final Figure<Long> LOST = Figure.count("lost");
    /** Jobs processed after the bound. */
    public static final Figure<Long> LATE = Figure.count("late");
    /** The job bound ({@link CheckInput#jobBound()}), in ms. */
    public static final Figure<Long> BOUND_MS = Figure.count("boundMs");
    /** Jobs whose processing time the app reported. */
    public static final Figure<Long> TIMED_JOBS = Figure.count("timedJobs");
    /** The longest time from an acknowledgement to the job's first processing; null when no job was timed. */
    public static final Figure<Double> MAX_PROCESSING_DELAY_MS = Figure.number("maxProcessingDelayMs");
    /** Jobs whose run count the app reported. */
    public static final Figure<Long> RUNS_COUNTED = Figure.count("runsCounted");
    /** Jobs whose work ran more than once; null when the app reports no run counts. */
    public static final Figure<Long> DUPLICATES = Figure.count("duplicates");
    public static final Figure<Long> EXTRA_EXECUTIONS = Figure.count("extraExecutions");
    /** Jobs delivered more than once. */
    public static final Figure<Long> REDELIVERED = Figure.count("redelivered");
    public static final Figure<Long> DEAD_LETTERED = Figure.count("deadLettered");
    public static final Figure<Long> MAX_ATTEMPTS = Figure.count("maxAttempts");
    public static final Figure<Long> UNACKNOWLEDGED_BUT_PROCESSED = Figure.count("unacknowledgedButProcessed");

    private final String enqueueOp;

    /** Enqueues are the operation {@code enqueue}. */
    public JobChecker() {
        this("enqueue");
    }

    public JobChecker(String enqueueOp) {
        this.enqueueOp = enqueueOp;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(CheckInput input) {
        if (input.jobs() == null) {
            if (input.history().operations().symbolId(enqueueOp) < 0) {
                return CheckResult.of(name(), Verdict.VALID, Map.of(APPLICABLE.name(), false), List.of());
            }
            return CheckResult.unknown(name(), "no job outcomes given: pass CheckInput.withJobs(jobId -> "
                    + "JobOutcome, bound) with what the final queue check found");
        }
        Operations ops = input.history().operations();
        int enqueue = ops.symbolId(enqueueOp);
        long lastHeal = 0;
        for (FaultWindow w : input.history().faults()) {
            lastHeal = Math.max(lastHeal, w.healedNanos());
        }
        long deadline = lastHeal + input.jobBound().toNanos();
        Map<String, JobOutcome> jobs = input.jobs();
        long acked = 0, lost = 0, late = 0, duplicates = 0, extraExecutions = 0, redelivered = 0, dlq = 0;
        long unackedProcessed = 0;
        long maxAttempts = 0, runsCounted = 0, timed = 0, maxDelay = 0;
        Set<String> seen = new HashSet<>();
        List<String> lostExamples = new ArrayList<>();
        List<String> lateExamples = new ArrayList<>();
        List<String> duplicateExamples = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.f(i) != enqueue || enqueue < 0) {
                continue;
            }
            String id = ops.key(i) >= 0 ? ops.symbol(ops.key(i)) : ops.value(i);
            if (id == null || !seen.add(id)) {
                continue;
            }
            JobOutcome o = jobs.get(id);
            if (!ops.isOk(i)) {
                if (o != null && o.processedCount() > 0) {
                    unackedProcessed++;
                }
                continue;
            }
            acked++;
            if (o != null && o.runsCounted()) {
                runsCounted++;
            }
            if (o == null || o.processedCount() == 0) {
                if (o != null && o.deadLettered()) {
                    dlq++;
                } else {
                    lost++;
                    add(lostExamples, "job " + id + " acknowledged by " + ops.describe(i) + " was never processed");
                }
                continue;
            }
            if (o.deadLettered()) {
                dlq++;
            }
            maxAttempts = Math.max(maxAttempts, o.attempts());
            if (o.attempts() > 1) {
                redelivered++;
            }
            if (o.runsCounted() && o.processedCount() > 1) {
                duplicates++;
                extraExecutions += o.processedCount() - 1;
                add(duplicateExamples, "job " + id + " acknowledged by " + ops.describe(i) + " ran "
                        + o.processedCount() + " times (" + o.attempts() + " deliveries)");
            }
            long done = o.firstProcessedNanos(); // -1: the app gave no time, so neither late nor on time
            if (done >= 0) {
                timed++;
                maxDelay = Math.max(maxDelay, done - ops.completeNanos(i));
                if (done > Math.max(deadline, ops.completeNanos(i) + input.jobBound().toNanos())) {
                    late++;
                    add(lateExamples, "job " + id + " processed at " + Figures.ms(done) + " ms, after the bound of "
                            + input.jobBound().toMillis() + " ms past the last heal");
                }
            }
        }
        Map<String, Object> fig = new LinkedHashMap<>();
        ACKNOWLEDGED.put(fig, acked);
        LOST.put(fig, lost);
        LATE.put(fig, late);
        BOUND_MS.put(fig, input.jobBound().toMillis());
        TIMED_JOBS.put(fig, timed);
        MAX_PROCESSING_DELAY_MS.put(fig, timed == 0 ? null : Figures.ms(Math.max(0, maxDelay)));
        // duplicates need the app's run count; without it for any job (runsCounted 0) they are unknown, not zero
        RUNS_COUNTED.put(fig, runsCounted);
        DUPLICATES.put(fig, runsCounted > 0 || acked == 0 ? duplicates : null);
        EXTRA_EXECUTIONS.put(fig, extraExecutions);
        REDELIVERED.put(fig, redelivered);
        DEAD_LETTERED.put(fig, dlq);
        MAX_ATTEMPTS.put(fig, maxAttempts);
        UNACKNOWLEDGED_BUT_PROCESSED.put(fig, unackedProcessed);
        List<String> examples = new ArrayList<>(lostExamples);
        examples.addAll(lateExamples);
        examples.addAll(duplicateExamples);
        return CheckResult.of(name(), lost + late > 0 ? Verdict.INVALID : Verdict.VALID, fig, examples);
    }

    /**
     * Each kind of example is capped on its own (3 × 3 within {@link CheckResult#MAX_EXAMPLES}), so many lost jobs
     * do not hide the duplicates.
     */
    private static void add(List<String> examples, String example) {
        if (examples.size() < 3) {
            examples.add(example);
        }
    }
}

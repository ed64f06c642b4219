package dev.firedrill.harness.check;

import dev.firedrill.harness.check.internal.Figures;
import dev.firedrill.harness.check.internal.OpIndex;
import dev.firedrill.harness.history.Operations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lost writes: acknowledged ({@code ok}) writes whose version is missing from the final read after heal, i.e.
 * the key is absent or its final version is older than the write's. Versions are assumed to grow per key.
 * Writes that failed or were indeterminate but whose version or value appears in the final state are reported
 * as figures, never as violations. An acknowledged write without a version can only be lost when its key is
 * absent; it is counted under {@code unversionedWrites}. {@code firstLostAckMs} is when the earliest lost write
 * was acknowledged (null when none), from which a failover's RPO in time follows.
 */
public final class LostWriteChecker implements Checker {
    /** This checker's {@link #name()}: its key among a run's checks and in result.json. */
    public static final String NAME = "lost-writes";
    /** Acknowledged (ok) writes. */
    public static final Figure<Long> ACKNOWLEDGED_WRITES = Figure.count("acknowledgedWrites");
    /** Acknowledged writes missing from the final state. */
    public static final Figure<Long> LOST_WRITES = Figure.count("lostWrites");
    /** Lost / acknowledged; null when nothing was acknowledged. */
    public static final Figure<Double> LOST_RATE = Figure.number("lostRate");
    public static final Figure<Long> FAILED_WRITES = Figure.count("failedWrites");
    /** Failed writes found in the final state anyway. */
    public static final Figure<Long> FAILED_WRITES_THAT_APPEARED = Figure.count("failedWritesThatAppeared");
    public static final Figure<Long> INDETERMINATE_WRITES = Figure.count("indeterminateWrites");
    public static final Figure<Long> INDETERMINATE_WRITES_THAT_APPEARED = Figure.count("indeterminateWritesThatAppeared");
    /** Acknowledged writes without a version. */
    public static final Figure<Long> UNVERSIONED_WRITES = Figure.count("unversionedWrites");
    public static final Figure<Long> KEYS_IN_FINAL_STATE = Figure.count("keysInFinalState");
    /** When the earliest lost write was acknowledged; null when none was lost. */
    public static final Figure<Double> FIRST_LOST_ACK_MS = Figure.number("firstLostAckMs");

    private final Set<String> writeOps;

    /** Writes are the operations {@code write} and {@code update}. */
    public LostWriteChecker() {
        this(Set.of("write", "update"));
    }

    public LostWriteChecker(Set<String> writeOps) {
        this.writeOps = Set.copyOf(writeOps);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(CheckInput input) {
        if (input.finalState() == null) {
            Operations all = input.history().operations();
            boolean anyWrite = writeOps.stream().anyMatch(w -> all.symbolId(w) >= 0);
            if (!anyWrite) {
                return CheckResult.of(name(), Verdict.VALID, Map.of(APPLICABLE.name(), false), List.of());
            }
            return CheckResult.unknown(name(), "no final state given: pass CheckInput.withFinalState(key -> "
                    + "FinalValue) with what the writer read for every key after heal");
        }
        Operations ops = input.history().operations();
        boolean[] writes = OpIndex.mask(ops, writeOps);
        Map<String, FinalValue> fin = input.finalState();
        long firstLost = -1;
        long acked = 0, lost = 0, unversioned = 0, failedAppeared = 0, infoAppeared = 0, failed = 0, info = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (!OpIndex.in(writes, ops.f(i))) {
                continue;
            }
            String key = ops.symbol(ops.key(i));
            FinalValue fv = key == null ? null : fin.get(key);
            long v = ops.version(i);
            if (ops.isOk(i)) {
                acked++;
                boolean isLost;
                if (v == Operations.NO_VERSION) {
                    unversioned++;
                    isLost = fv == null;
                } else {
                    isLost = fv == null || fv.version() == null || fv.version() < v;
                }
                if (isLost) {
                    lost++;
                    firstLost = firstLost < 0 ? ops.completeNanos(i) : Math.min(firstLost, ops.completeNanos(i));
                    examples.add(ops.describe(i) + " but final read has "
                            + (fv == null ? "no such key" : "version " + fv.version()));
                }
            } else {
                boolean appeared = fv != null
                        && ((v != Operations.NO_VERSION && fv.version() != null && fv.version() == v)
                        || (ops.value(i) != null && ops.value(i).equals(fv.value())));
                if (ops.isFail(i)) {
                    failed++;
                    failedAppeared += appeared ? 1 : 0;
                } else {
                    info++;
                    infoAppeared += appeared ? 1 : 0;
                }
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        ACKNOWLEDGED_WRITES.put(f, acked);
        LOST_WRITES.put(f, lost);
        LOST_RATE.put(f, Figures.ratio(lost, acked));
        FAILED_WRITES.put(f, failed);
        FAILED_WRITES_THAT_APPEARED.put(f, failedAppeared);
        INDETERMINATE_WRITES.put(f, info);
        INDETERMINATE_WRITES_THAT_APPEARED.put(f, infoAppeared);
        UNVERSIONED_WRITES.put(f, unversioned);
        KEYS_IN_FINAL_STATE.put(f, (long) fin.size());
        FIRST_LOST_ACK_MS.put(f, firstLost < 0 ? null : Figures.ms(firstLost));
        return CheckResult.of(name(), lost > 0 ? Verdict.INVALID : Verdict.VALID, f, examples);
    }
}

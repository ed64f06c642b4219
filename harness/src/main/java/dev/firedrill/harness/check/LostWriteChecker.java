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
        return "lost-writes";
    }

    @Override
    public CheckResult check(CheckInput input) {
        if (input.finalState() == null) {
            Operations all = input.history().operations();
            boolean anyWrite = writeOps.stream().anyMatch(w -> all.symbolId(w) >= 0);
            if (!anyWrite) {
                return CheckResult.of(name(), Verdict.VALID, Map.of("applicable", false), List.of());
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
        f.put("acknowledgedWrites", acked);
        f.put("lostWrites", lost);
        f.put("lostRate", Figures.ratio(lost, acked));
        f.put("failedWrites", failed);
        f.put("failedWritesThatAppeared", failedAppeared);
        f.put("indeterminateWrites", info);
        f.put("indeterminateWritesThatAppeared", infoAppeared);
        f.put("unversionedWrites", unversioned);
        f.put("keysInFinalState", fin.size());
        f.put("firstLostAckMs", firstLost < 0 ? null : Figures.ms(firstLost));
        return CheckResult.of(name(), lost > 0 ? Verdict.INVALID : Verdict.VALID, f, examples);
    }
}

package dev.firedrill.harness.check;

import dev.firedrill.harness.check.internal.OpIndex;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.Operations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sessions survive faults: for each fault, sessions created by an ok {@code login} that completed before the
 * fault was requested are followed to their first {@code me} invoked after the heal (before the next fault).
 * An ok answer means the session survived; status 401 means it was lost (invalid); other failures are counted
 * as {@code otherFailures}. The session is the operation key.
 */
public final class SessionChecker implements Checker {
    /** This checker's {@link #name()}: its key among a run's checks and in result.json. */
    public static final String NAME = "sessions";
    /** Sessions logged in before a fault (also per fault). */
    public static final Figure<Long> CREATED_BEFORE_FAULT = Figure.count("createdBeforeFault");
    /** Of those, used after the heal (also per fault). */
    public static final Figure<Long> CHECKED_AFTER_HEAL = Figure.count("checkedAfterHeal");
    /** Of those, still valid (also per fault). */
    public static final Figure<Long> STILL_VALID = Figure.count("stillValid");
    /** Of those, rejected with 401: lost (also per fault). */
    public static final Figure<Long> REJECTED_401 = Figure.count("rejected401");
    /** Of those, failed otherwise (also per fault). */
    public static final Figure<Long> OTHER_FAILURES = Figure.count("otherFailures");
    /** Fault id → the figures above for that fault. */
    public static final Figure<Map<String, Object>> PER_FAULT = Figure.map("perFault");

    private final String loginOp;
    private final String meOp;

    /** Operations {@code login} and {@code me}. */
    public SessionChecker() {
        this("login", "me");
    }

    public SessionChecker(String loginOp, String meOp) {
        this.loginOp = loginOp;
        this.meOp = meOp;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(CheckInput input) {
        Operations ops = input.history().operations();
        int login = ops.symbolId(loginOp);
        int me = ops.symbolId(meOp);
        List<FaultWindow> faults = input.history().faults();
        long end = input.history().endNanos() + 1;
        // login completion time per session key, in key order of appearance
        long[] loggedIn = new long[0];
        for (int i = 0; i < ops.size(); i++) {
            int k = ops.key(i);
            if (login >= 0 && ops.f(i) == login && ops.isOk(i) && k >= 0) {
                if (k >= loggedIn.length) {
                    int old = loggedIn.length;
                    loggedIn = Arrays.copyOf(loggedIn, Math.max(k + 1, old * 2));
                    Arrays.fill(loggedIn, old, loggedIn.length, -1);
                }
                if (loggedIn[k] < 0) {
                    loggedIn[k] = ops.completeNanos(i);
                }
            }
        }
        long created = 0, checked = 0, valid = 0, lost = 0, other = 0;
        List<String> examples = new ArrayList<>();
        Map<String, Object> perFault = new LinkedHashMap<>();
        for (int fi = 0; fi < faults.size(); fi++) {
            FaultWindow w = faults.get(fi);
            long horizon = fi + 1 < faults.size() ? Math.max(w.healedNanos(), faults.get(fi + 1).requestedNanos())
                    : end;
            boolean[] done = new boolean[loggedIn.length];
            long c = 0, ch = 0, v = 0, l = 0, o = 0;
            for (long t : loggedIn) {
                if (t >= 0 && t < w.requestedNanos()) {
                    c++;
                }
            }
            int from = OpIndex.firstInvokedAtOrAfter(ops, w.healedNanos());
            for (int i = from; i < ops.size() && ops.invokeNanos(i) < horizon; i++) {
                int k = ops.key(i);
                if (ops.f(i) != me || me < 0 || k < 0 || k >= loggedIn.length || done[k]) {
                    continue;
                }
                if (loggedIn[k] < 0 || loggedIn[k] >= w.requestedNanos() || ops.completeNanos(i) < 0) {
                    continue;
                }
                done[k] = true;
                ch++;
                if (ops.isOk(i)) {
                    v++;
                } else if (ops.status(i) == 401) {
                    l++;
                    examples.add("fault " + w.faultId() + ": session " + ops.symbol(k) + " rejected after heal: "
                            + ops.describe(i));
                } else {
                    o++;
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            CREATED_BEFORE_FAULT.put(m, c);
            CHECKED_AFTER_HEAL.put(m, ch);
            STILL_VALID.put(m, v);
            REJECTED_401.put(m, l);
            OTHER_FAILURES.put(m, o);
            perFault.put(w.faultId(), m);
            created += c;
            checked += ch;
            valid += v;
            lost += l;
            other += o;
        }
        Map<String, Object> fig = new LinkedHashMap<>();
        CREATED_BEFORE_FAULT.put(fig, created);
        CHECKED_AFTER_HEAL.put(fig, checked);
        STILL_VALID.put(fig, valid);
        REJECTED_401.put(fig, lost);
        OTHER_FAILURES.put(fig, other);
        PER_FAULT.put(fig, perFault);
        return CheckResult.of(name(), lost > 0 ? Verdict.INVALID : Verdict.VALID, fig, examples);
    }
}

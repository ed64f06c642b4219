package dev.firedrill.harness.fault;

import java.util.List;

/** A fault in force. {@link #heal()} is idempotent. */
public interface ActiveFault {
    String id();

    Fault fault();

    /** What was actually hit (selectors resolved). */
    List<String> targets();

    boolean isHealed();

    void heal();
}

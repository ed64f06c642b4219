package dev.firedrill.harness.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a command works in the foreground: the first interrupts that thread, which then
 * heals, reports and returns normally (no JVM shutdown racing the cleanup); a second one stops at once through the
 * JVM's own handler. A shutdown hook cannot do this: it runs while {@code System.exit} holds the shutdown lock, so
 * joining the worker deadlocks until the join times out.
 */
final class Interrupts implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM");
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile String received;

    private Interrupts() {
    }

    /** Interrupts {@code worker} on the first SIGINT/SIGTERM, saying so on {@code err}. */
    static Interrupts install(Thread worker, PrintWriter err) {
        Interrupts i = new Interrupts();
        for (String name : SIGNALS) {
            Signal s = new Signal(name);
            i.signals.add(s);
            int index = i.previous.size();
            i.previous.add(Signal.handle(s, sig -> i.on(sig, worker, err, index)));
        }
        return i;
    }

    private void on(Signal sig, Thread worker, PrintWriter err, int index) {
        if (received == null) {
            received = "SIG" + sig.getName();
            err.println();
            err.println(received + ": stopping — healing every fault, then writing the report (again to stop now)");
            err.flush();
            worker.interrupt();
            return;
        }
        SignalHandler p = previous.get(index);
        if (p == SignalHandler.SIG_DFL || p == SignalHandler.SIG_IGN || p == null) {
            Runtime.getRuntime().exit(Main.INTERRUPTED);
        } else {
            p.handle(sig);
        }
    }

    /** The signal that interrupted the command ({@code SIGINT}, {@code SIGTERM}), or null. */
    String received() {
        return received;
    }

    /** Puts the previous handlers back. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}

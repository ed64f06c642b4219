package dev.firedrill.harness.scenario.internal;

import dev.firedrill.harness.fault.FaultEvent;
import dev.firedrill.harness.fault.FaultInjector;
import dev.firedrill.harness.fault.FaultListener;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.history.HistoryRecorder;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Forwards a deployment's fault events into the current run's history as nemesis events. Injectors cannot
 * drop listeners, so one bridge per injector is attached once and pointed at each run's recorder in turn.
 * A FAILED fault event (the history's phases have none) becomes a nemesis {@code info} with the error and no
 * phase, so it shows in the history without opening a fault window.
 */
public final class FaultBridge implements FaultListener {
    private static final Map<FaultInjector, FaultBridge> BRIDGES = new WeakHashMap<>();
    private volatile HistoryRecorder recorder;

    private FaultBridge() {
    }

    /** The bridge of this injector, attached on first use. */
    public static synchronized FaultBridge of(FaultInjector injector) {
        return BRIDGES.computeIfAbsent(injector, i -> {
            FaultBridge b = new FaultBridge();
            i.addListener(b);
            return b;
        });
    }

    /** Sends events to {@code r} from now on (null: drop them). */
    public void recordTo(HistoryRecorder r) {
        recorder = r;
    }

    @Override
    public void onEvent(FaultEvent e) {
        HistoryRecorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            switch (e.phase()) {
                case REQUESTED -> r.record(Event.nemesis(e.kind(), FaultPhase.REQUESTED, e.target(), e.faultId()));
                case EFFECTIVE -> r.record(Event.nemesis(e.kind(), FaultPhase.EFFECTIVE, e.target(), e.faultId()));
                case HEALED -> r.record(Event.nemesis(e.kind(), FaultPhase.HEALED, e.target(), e.faultId()));
                case FAILED -> r.record(Event.completion(EventType.INFO, Event.NEMESIS, e.kind()).target(e.target())
                        .error("fault " + e.faultId() + " failed: " + e.detail()));
            }
        } catch (IllegalStateException closed) {
            // the run's recorder is closed: the event belongs to no run
        }
    }
}

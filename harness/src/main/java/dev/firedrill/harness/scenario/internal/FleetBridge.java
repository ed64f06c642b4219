package dev.firedrill.harness.scenario.internal;

import dev.firedrill.harness.fleet.FleetEvent;
import dev.firedrill.harness.fleet.FleetListener;
import dev.firedrill.harness.fleet.FleetManager;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.HistoryRecorder;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Forwards a fleet's events into the current run's history as {@value Event#FLEET} events; like {@link FaultBridge},
 * one bridge per fleet, pointed at each run's recorder in turn. Each deployment is also recorded as a nemesis window
 * of kind {@code deploy} (id {@code d1}, {@code d2}, ...) from its start to its end.
 */
public final class FleetBridge implements FleetListener {
    private static final Map<FleetManager, FleetBridge> BRIDGES = new WeakHashMap<>();
    private volatile HistoryRecorder recorder;
    private final java.util.concurrent.atomic.AtomicInteger deployments = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String deployment;

    private FleetBridge() {
    }

    public static synchronized FleetBridge of(FleetManager fleet) {
        return BRIDGES.computeIfAbsent(fleet, f -> {
            FleetBridge b = new FleetBridge();
            f.addListener(b);
            return b;
        });
    }

    public void recordTo(HistoryRecorder r) {
        recorder = r;
    }

    @Override
    public void onEvent(FleetEvent e) {
        HistoryRecorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            // a deployment is also a disruption window, as a fault is: the checkers and SLOs that judge what happened
            // "during a fault" (sessions made before it, recovery, failures in a window) judge it the same way
            if (e.action() == FleetEvent.Action.DEPLOY_START) {
                deployment = "d" + deployments.incrementAndGet();
                r.record(Event.nemesis("deploy", dev.firedrill.harness.fault.FaultPhase.REQUESTED, e.release(),
                        deployment));
                r.record(Event.nemesis("deploy", dev.firedrill.harness.fault.FaultPhase.EFFECTIVE, e.release(),
                        deployment));
            }
            r.record(Event.fleet(e.action().wire(), e.instance(), e.release(), e.az(), e.detail(), e.inService(),
                    e.desired()));
            if (e.action() == FleetEvent.Action.DEPLOY_END && deployment != null) {
                r.record(Event.nemesis("deploy", dev.firedrill.harness.fault.FaultPhase.HEALED, e.release(),
                        deployment));
                deployment = null;
            }
        } catch (IllegalStateException closed) {
            // the run's recorder is closed: the event belongs to no run
        }
    }
}

package dev.firedrill.harness.history;

import dev.firedrill.harness.fault.FaultPhase;
import java.util.Objects;

/**
 * One immutable history event (Jepsen style). Client operations are an {@code invoke} followed by one
 * completion ({@code ok}, {@code fail} or {@code info}) from the same process. Faults are {@code info} events of
 * process {@value #NEMESIS} whose {@code f} is the fault kind and which carry a {@link FaultPhase}, a target and a
 * fault id. Sampler readings are {@code sample} events of process {@value #SAMPLER}: {@code f} is the metric
 * (e.g. {@code replica_lag_seconds}), {@code target} what was measured and {@code value} the reading. Fleet events
 * (the Auto Scaling group and deployments) are {@code info} events of process {@value #FLEET}: {@code f} is the action
 * ({@code launch}, {@code healthy}, {@code unhealthy}, {@code terminate}, {@code terminated}, {@code scale},
 * {@code deploy-start}, {@code deploy-step}, {@code rollback}, {@code deploy-end}), {@code target} the instance,
 * {@code key} the release, {@code pool} the AZ, {@code value} the detail, {@code version} the instances in service
 * and {@code status} the desired capacity right after it. An operation
 * the workload sent with a W3C {@code traceparent} carries its trace id ({@link #trace()}), which joins it to the
 * spans of that request.
 *
 * <pre>{@code
 * Event inv = recorder.record(Event.invoke("c7", "write").key("k1").value("v9"));
 * recorder.record(Event.completing(inv, EventType.OK).version(12L).pool("primary").status(200));
 * }</pre>
 *
 * @param index   position in the history, assigned by the recorder
 * @param nanos   monotonic nanoseconds since run start
 * @param version a version number, or null
 * @param status  an HTTP status, or null
 * @param trace   the W3C trace id (32 lowercase hex digits) the workload sent with this operation in its
 *                {@code traceparent} header, or null when it sent none; a completion carries its invocation's
 */
public record Event(long index, EventType type, String process, String f, String key, String value, Long version,
                    long nanos, String instance, String pool, Integer status, String error, FaultPhase phase,
                    String target, String faultId, String trace) {

    /** Process name of fault events. */
    public static final String NEMESIS = "nemesis";
    /** Process name of the fleet's events (Auto Scaling group, deployments). */
    public static final String FLEET = "fleet";
    /** Process name of sampler readings. */
    public static final String SAMPLER = "sampler";

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(f, "f");
        if (trace != null && !isTraceId(trace)) {
            throw new IllegalArgumentException("trace must be a W3C trace id (32 lowercase hex digits, not all zero),"
                    + " was '" + trace + "'");
        }
    }

    /** An event without a trace id. */
    public Event(long index, EventType type, String process, String f, String key, String value, Long version,
                 long nanos, String instance, String pool, Integer status, String error, FaultPhase phase,
                 String target, String faultId) {
        this(index, type, process, f, key, value, version, nanos, instance, pool, status, error, phase, target,
                faultId, null);
    }

    /** True for 32 lowercase hex digits, not all zero (W3C trace-context: the all-zero id is invalid). */
    public static boolean isTraceId(String s) {
        if (s == null || s.length() != 32) {
            return false;
        }
        boolean nonZero = false;
        for (int i = 0; i < 32; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    /** True for fault events. */
    public boolean isNemesis() {
        return NEMESIS.equals(process);
    }

    /** Milliseconds since run start, as a double. */
    public double millis() {
        return nanos / 1e6;
    }

    /** The reading of a sample as a number, or NaN when it is not numeric (e.g. a health state). */
    public double number() {
        if (value == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Starts an invocation. */
    public static Builder invoke(String process, String f) {
        return new Builder(EventType.INVOKE, process, f);
    }

    /** Starts a completion of the given invocation: same process, operation and key. */
    public static Builder completing(Event invocation, EventType outcome) {
        if (!outcome.isCompletion()) {
            throw new IllegalArgumentException("outcome must be ok, fail or info, not " + outcome.wire());
        }
        return new Builder(outcome, invocation.process(), invocation.f()).key(invocation.key())
                .trace(invocation.trace());
    }

    /** Starts a completion event without referring to the invocation object. */
    public static Builder completion(EventType outcome, String process, String f) {
        if (!outcome.isCompletion()) {
            throw new IllegalArgumentException("outcome must be ok, fail or info, not " + outcome.wire());
        }
        return new Builder(outcome, process, f);
    }

    /** Starts a fault event: process nemesis, type info. */
    public static Builder nemesis(String faultKind, FaultPhase phase, String target, String faultId) {
        Builder b = new Builder(EventType.INFO, NEMESIS, faultKind);
        b.phase = Objects.requireNonNull(phase, "phase");
        b.target = target;
        b.faultId = Objects.requireNonNull(faultId, "faultId");
        return b;
    }

    /** Starts a fleet event (see the class comment for its fields). */
    public static Builder fleet(String action, String instance, String release, String az, String detail,
            int inService, int desired) {
        Builder b = new Builder(EventType.INFO, FLEET, action);
        b.target = instance;
        b.key = release;
        b.pool = az;
        b.value = detail;
        b.version = (long) inService;
        b.status = desired;
        return b;
    }

    /** True for the fleet's events. */
    public boolean isFleet() {
        return FLEET.equals(process);
    }

    /** Starts a numeric sampler reading, e.g. {@code sample("replica_lag_seconds", "db-replica", 0.4)}. */
    public static Builder sample(String metric, String target, double reading) {
        return sample(metric, target, Double.toString(reading));
    }

    /** Starts a textual sampler reading, e.g. {@code sample("target_health", "app-1", "unhealthy")}. */
    public static Builder sample(String metric, String target, String reading) {
        Builder b = new Builder(EventType.SAMPLE, SAMPLER, metric);
        b.target = target;
        b.value = reading;
        return b;
    }

    /** Mutable draft of an event; the recorder assigns index and time. Not thread-safe. */
    public static final class Builder {
        private final EventType type;
        private final String process;
        private final String f;
        private String key;
        private String value;
        private Long version;
        private String instance;
        private String pool;
        private Integer status;
        private String error;
        private FaultPhase phase;
        private String target;
        private String faultId;
        private String trace;

        private Builder(EventType type, String process, String f) {
            this.type = Objects.requireNonNull(type, "type");
            this.process = Objects.requireNonNull(process, "process");
            this.f = Objects.requireNonNull(f, "f");
        }

        public Builder key(String key) { this.key = key; return this; }
        public Builder value(String value) { this.value = value; return this; }
        public Builder version(Long version) { this.version = version; return this; }
        public Builder instance(String instance) { this.instance = instance; return this; }
        public Builder pool(String pool) { this.pool = pool; return this; }
        public Builder status(Integer status) { this.status = status; return this; }
        public Builder error(String error) { this.error = error; return this; }
        public Builder target(String target) { this.target = target; return this; }
        /** The W3C trace id sent with the operation (see {@link Event#trace()}). */
        public Builder trace(String trace) { this.trace = trace; return this; }

        /** Builds the event with the given index and time; normally called by {@link HistoryRecorder}. */
        public Event build(long index, long nanos) {
            return new Event(index, type, process, f, key, value, version, nanos, instance, pool, status, error,
                    phase, target, faultId, trace);
        }
    }
}

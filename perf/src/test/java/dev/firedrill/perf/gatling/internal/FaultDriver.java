package dev.firedrill.perf.gatling.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.fault.FaultPhase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Injects a {@link FaultPlan} on its own thread while Gatling runs (never on Gatling's event loop: a kill's
 * heal starts a new instance and would stall requests) and always heals it, at the planned time or at
 * {@link #close()}. In process the deployment's fault events reach the history; against an external stack the
 * driver records requested/healed itself.
 */
public final class FaultDriver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TargetStack stack;
    private final FaultPlan plan;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "firedrill-gatling-fault");
        t.setDaemon(true);
        return t;
    });
    private ActiveFault active;
    private boolean externalActive;
    private volatile String summary = "not injected";

    private FaultDriver(TargetStack stack, FaultPlan plan) {
        this.stack = stack;
        this.plan = plan;
    }

    /** Schedules the fault from now (call when the load starts). */
    public static FaultDriver schedule(TargetStack stack, FaultPlan plan) {
        if (stack.deployment() == null && stack.control() == null) {
            throw new FaultException("an under-fault run against -Dfiredrill.alb needs the stack's fault API too: "
                    + "add -Dfiredrill.control=<the 'control' URL from its endpoints.json>");
        }
        FaultDriver d = new FaultDriver(stack, plan);
        d.timer.schedule(d::inject, plan.at().toMillis(), TimeUnit.MILLISECONDS);
        d.timer.schedule(d::heal, plan.at().plus(plan.lasting()).toMillis(), TimeUnit.MILLISECONDS);
        return d;
    }

    /** What happened, for the console. */
    public String summary() {
        return summary;
    }

    private synchronized void inject() {
        double t0 = stack.elapsedMs();
        try {
            if (stack.deployment() != null) {
                active = stack.deployment().faults().inject(plan.spec().toFault());
            } else {
                stack.recorder().record(Event.nemesis(plan.kind(), FaultPhase.REQUESTED, plan.target(), "f1"));
                post("/firedrill/faults", Map.of("kind", plan.kind(), "target", plan.target(),
                        "options", plan.options()));
                externalActive = true;
            }
            summary = String.format(Locale.ROOT, "%s: injected at %.0f ms (took %.0f ms)", plan, t0,
                    stack.elapsedMs() - t0);
        } catch (RuntimeException e) {
            summary = plan + ": injection FAILED at " + Math.round(t0) + " ms: " + e.getMessage();
            stack.recorder().record(Event.completion(EventType.INFO, Event.NEMESIS, plan.kind()).target(plan.target())
                    .error(summary));
        }
    }

    private synchronized void heal() {
        double t0 = stack.elapsedMs();
        try {
            if (active != null && !active.isHealed()) {
                active.heal();
            } else if (externalActive) {
                post("/firedrill/heal", Map.of());
                stack.recorder().record(Event.nemesis(plan.kind(), FaultPhase.HEALED, plan.target(), "f1"));
                externalActive = false;
            } else {
                return;
            }
            summary += String.format(Locale.ROOT, "; healed at %.0f ms (took %.0f ms)", t0, stack.elapsedMs() - t0);
        } catch (RuntimeException e) {
            summary += "; heal FAILED at " + Math.round(t0) + " ms: " + e.getMessage();
        }
    }

    private void post(String path, Object body) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(stack.control() + path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 400) {
                throw new FaultException("fault API " + stack.control() + path + " answered " + r.statusCode() + ": "
                        + r.body());
            }
        } catch (IOException e) {
            throw new FaultException("fault API " + stack.control() + path + " failed: " + e.getMessage()
                    + "; is the stack of -Dfiredrill.control still running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultException("interrupted while calling the fault API");
        }
    }

    /** Cancels what has not run yet and heals a fault still in force. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heal();
    }
}

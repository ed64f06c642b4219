package dev.firedrill.harness.cli;

import dev.firedrill.harness.backend.Endpoints;
import dev.firedrill.harness.backend.EndpointsJson;
import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.topology.Topology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code firedrill up}: starts a topology and serves it until Ctrl-C or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the topology on its backend (default embedded: everything on this machine, no Docker) "
                + "and keep it running until Ctrl-C or SIGTERM, then stop everything cleanly.",
                "Prints one line per component as it becomes ready and writes the endpoints (ALB URL, JDBC writer/"
                        + "reader URLs, Redis, SQS queue URLs, component pids) to the endpoints file.",
                "One 'up' per endpoints file: a second one on the same file refuses (exit 2) and names the first; "
                        + "give it its own with --endpoints OTHER.json."})
final class UpCommand implements Callable<Integer> {
    @Mixin
    TopologyOption topology = new TopologyOption();

    @Option(names = "--endpoints", paramLabel = "FILE", defaultValue = CliPaths.DEFAULT_ENDPOINTS,
            description = "Where to write the endpoints JSON (default: ${DEFAULT-VALUE}).")
    Path endpointsFile;

    @Option(names = "--exit-when-ready", hidden = true, description = "Stop right after startup (benchmarks, tests).")
    boolean exitWhenReady;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Topology t = topology.load();
        Backend backend = topology.backend(t);
        EndpointsClaim claim = EndpointsClaim.take(endpointsFile);
        long t0 = System.nanoTime();
        out.printf("firedrill up: topology '%s', backend %s, timeScale %s%n", t.name(), backend.name(), t.timeScale());
        if (claim.staleHolder() != null) {
            out.printf("  taking over %s: the 'up' that wrote it%s is gone%n", endpointsFile,
                    claim.staleHolder().isEmpty() ? "" : " (pid " + claim.staleHolder() + ")");
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Deployment[] holder = new Deployment[1];
        Thread hook = new Thread(() -> {
            Deployment d;
            synchronized (holder) {
                d = holder[0];
            }
            if (d != null) {
                out.println();
                out.println("stopping: " + d.topology().components().size() + " components...");
                out.flush();
                long s0 = System.nanoTime();
                String control = d.endpoints().control();
                d.close();
                claim.release(control);
                out.printf("stopped everything cleanly in %s; run directory %s removed%n", secs(System.nanoTime() - s0),
                        d.runDir());
                noteArchive(out);
                out.flush();
            } else {
                claim.release(null);
            }
            stopped.countDown();
        }, "firedrill-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Deployment d = backend.deploy(t, new ProgressListener() {
            @Override
            public void componentReady(String component, String detail, Duration took) {
                out.printf("  ✓ %-14s %-8s %s%n", component, secs(took.toNanos()), detail);
                out.flush();
            }

            @Override
            public void step(String message) {
                out.printf("  … %s%n", message);
                out.flush();
            }
        });
        synchronized (holder) {
            holder[0] = d;
        }
        Endpoints e = d.endpoints();
        EndpointsJson.write(e, endpointsFile);
        d.faults().addListener(ev -> {
            out.printf("  ! fault %s %-12s %-9s %s%s%n", ev.faultId(), ev.kind(), ev.phase().name().toLowerCase(),
                    ev.target(), ev.detail().isEmpty() ? "" : " — " + ev.detail());
            out.flush();
            if (ev.phase() == dev.firedrill.harness.fault.FaultPhase.HEALED) {
                EndpointsJson.write(d.endpoints(), endpointsFile); // a failover changes components
            }
        });
        out.printf("ready in %s — %d components, run directory %s%n", secs(System.nanoTime() - t0),
                e.components().size(), d.runDir());
        if (e.loadBalancer() != null) {
            out.printf("  load balancer  %s%n", e.loadBalancer());
        }
        if (e.dbWriter() != null) {
            out.printf("  db writer      %s  (user %s, password %s)%n", e.dbWriter(), e.dbUser(), e.dbPassword());
            out.printf("  db reader      %s%n", e.dbReader());
        }
        if (e.redis() != null) {
            out.printf("  redis          %s%n", e.redis());
        }
        if (e.sqsEndpoint() != null) {
            out.printf("  sqs            %s  queues %s%n", e.sqsEndpoint(), e.sqsQueues().keySet());
        }
        out.printf("endpoints written to %s%n", endpointsFile.toAbsolutePath());
        if (exitWhenReady) {
            Runtime.getRuntime().removeShutdownHook(hook);
            d.close();
            claim.release(e.control());
            noteArchive(out);
            return Main.OK;
        }
        out.println("serving; press Ctrl-C to stop");
        out.flush();
        stopped.await();
        return Main.OK;
    }

    /**
     * The launcher sets {@code firedrill.cds.writing} when this JVM writes the harness's class-data archive as it
     * exits (the first {@code up} of a build): a second or two that would otherwise look like a hang.
     */
    private static void noteArchive(PrintWriter out) {
        if (Boolean.getBoolean("firedrill.cds.writing")) {
            out.println("writing the harness's class-data archive (once per build; later starts are faster)...");
            out.flush();
        }
    }

    static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }
}

package dev.firedrill.harness.cli;

import dev.firedrill.harness.internal.RunDirectories;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code firedrill clean}: reaps runs left behind by a harness that was killed. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Kill the processes and delete the run directories of runs whose harness is gone (e.g. after "
                + "kill -9). 'up' does this on every start; running harnesses are never touched. Stale runs of the containers backend "
                + "(containers and networks of a killed harness on this host) are removed too.",
                "Run directories live under $FIREDRILL_RUN_ROOT, else /dev/shm/firedrill, else $TMPDIR/firedrill."})
final class CleanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Path> swept = RunDirectories.sweepStale();
        var out = spec.commandLine().getOut();
        if (swept.isEmpty()) {
            out.println("nothing to clean under " + RunDirectories.root());
        } else {
            swept.forEach(p -> out.println("removed stale run " + p));
        }
        for (var backend : dev.firedrill.harness.backend.Backends.all()) {
            if (!backend.name().equals("aws")) { // aws has its own: firedrill aws clean
                backend.sweepStale().forEach(out::println);
            }
        }
        return Main.OK;
    }
}

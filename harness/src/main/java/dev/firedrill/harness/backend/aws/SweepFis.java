package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.backend.aws.AwsSweep.Leftover;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.fis.FisClient;

/**
 * FIS's part of the sweep: experiments of the run still running (stopped first, and waited for, because FIS
 * restores the network ACLs it changed only when an experiment ends) and the run's experiment templates. A FIS
 * that cannot be listed (moto answers 500 to {@code ListExperimentTemplates} and does not know
 * {@code ListExperiments}) is reported as not checked instead of failing the sweep.
 */
final class SweepFis {
    static final String EXPERIMENT = "fis:experiment";
    static final String TEMPLATE = "fis:experiment-template";
    /** The states in which an experiment may still change something. */
    private static final Set<String> ACTIVE = Set.of("pending", "initiating", "running", "stopping");

    private SweepFis() {
    }

    static void find(FisClient fis, BiPredicate<String, String> tagged, List<Leftover> out, List<String> notes) {
        try {
            fis.listExperimentsPaginator(b -> { }).experiments().stream()
                    .filter(e -> e.state() != null && ACTIVE.contains(e.state().statusAsString()) && any(e.tags(), tagged))
                    .forEach(e -> out.add(new Leftover(EXPERIMENT, e.id())));
        } catch (SdkException e) {
            notes.add("running FIS experiments not checked: ListExperiments failed (" + e.getMessage() + ")");
        }
        try {
            fis.listExperimentTemplatesPaginator(b -> { }).experimentTemplates().stream()
                    .filter(t -> any(t.tags(), tagged)).forEach(t -> out.add(new Leftover(TEMPLATE, t.id())));
        } catch (SdkException e) {
            notes.add("FIS experiment templates not checked: ListExperimentTemplates failed (" + e.getMessage()
                    + "; moto answers 500 to it)");
        }
    }

    private static boolean any(Map<String, String> tags, BiPredicate<String, String> tagged) {
        return tags.entrySet().stream().anyMatch(t -> tagged.test(t.getKey(), t.getValue()));
    }

    /** Stops the experiments and waits up to two minutes for them to end, so their ACLs are restored. */
    static void stop(FisClient fis, List<Leftover> experiments, Consumer<String> progress) {
        for (Leftover l : experiments) {
            try {
                fis.stopExperiment(b -> b.id(l.id()));
                progress.accept("stopping " + l);
            } catch (SdkException e) {
                progress.accept("could not stop " + l + ": " + e.getMessage());
            }
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (Leftover l : experiments) {
            while (System.nanoTime() < deadline && active(fis, l.id())) {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean active(FisClient fis, String id) {
        try {
            return ACTIVE.contains(fis.getExperiment(b -> b.id(id)).experiment().state().statusAsString());
        } catch (SdkException e) {
            return false;
        }
    }

    static void deleteTemplate(FisClient fis, Leftover l) {
        fis.deleteExperimentTemplate(b -> b.id(l.id()));
    }
}

package dev.firedrill.scenarios.ci;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: where the repository (with ci/ and .ci/run) is checked out. */
final class RepoRoot {
    private RepoRoot() {
    }

    /**
     * The repository root: the {@code firedrill.repo.root} system property that scenarios/pom.xml sets, else the
     * nearest directory above the working directory that holds {@code ci/workflows}.
     */
    static Path get() {
        String configured = System.getProperty("firedrill.repo.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("ci/workflows"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root: no ci/workflows above "
                + Path.of("").toAbsolutePath() + "; run the tests with Maven or set -Dfiredrill.repo.root=<checkout>");
    }

    /** Where this module builds to: Maven's target directory of the scenarios module. */
    static Path buildDir() {
        return get().resolve("scenarios/target");
    }
}

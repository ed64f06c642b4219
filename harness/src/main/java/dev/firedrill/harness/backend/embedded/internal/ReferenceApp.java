package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the reference app jar and builds its command line with the JVM flags it is benchmarked with. */
public final class ReferenceApp {
    static final String JAR = "app-under-test/target/firedrill-app-under-test.jar";

    private ReferenceApp() {
    }

    /**
     * The jar: system property {@code firedrill.app.jar}, env {@code FIREDRILL_APP_JAR}, or
     * {@value #JAR} in the working directory or one of its parents.
     */
    public static Path jar() {
        String prop = System.getProperty("firedrill.app.jar", System.getenv("FIREDRILL_APP_JAR"));
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            if (!Files.isRegularFile(p)) {
                throw new ProvisioningException("fleet", "reference app jar " + p + " (from firedrill.app.jar / "
                        + "FIREDRILL_APP_JAR) does not exist; build it with: mvn -q -pl app-under-test -am package "
                        + "-DskipTests");
            }
            return p;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(JAR);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new ProvisioningException("fleet", "the reference app jar (" + JAR + ") was not found from "
                + Path.of("").toAbsolutePath() + "; build it with: mvn -q -pl app-under-test -am package -DskipTests, "
                + "or point FIREDRILL_APP_JAR at it, or give the fleet your own app command");
    }

    /** The flags the app's start-up benchmark uses (app-under-test/README.md). */
    public static List<String> jvmFlags() {
        return List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xms16m", "-Xmx128m",
                "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=48m", "-XX:+ExitOnOutOfMemoryError",
                // map class-data archives where they were written: relocated (17.0.15's default), every page of
                // them is copied into each instance's private memory instead of shared between the instances
                "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
    }

    /** The class-data archive of the jar when one has been written ({@link ClassDataArchive}). */
    public static java.util.Optional<Path> archive() {
        return ClassDataArchive.existing(jar(), jvmFlags());
    }

    /** Writes the jar's class-data archive when it is missing (about 1.5 s of CPU, once per build); never throws. */
    public static java.util.Optional<Path> prepareArchive() {
        return ClassDataArchive.ensure(jar(), jvmFlags());
    }

    /**
     * {@code java <flags> -jar <jar>} with the current JVM, mapping the jar's class-data archive when there is one;
     * the JVM's own warnings go to stderr so stdout stays the app's JSON log.
     */
    public static List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags());
        cmd.add("-Xlog:disable");
        cmd.add("-Xlog:all=warning:stderr");
        archive().ifPresent(a -> cmd.add("-XX:SharedArchiveFile=" + a));
        cmd.add("-jar");
        cmd.add(jar().toString());
        return cmd;
    }
}

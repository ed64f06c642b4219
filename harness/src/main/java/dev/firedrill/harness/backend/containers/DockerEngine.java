package dev.firedrill.harness.backend.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.ProvisioningException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker engine as the containers backend meets it: whether one answers (in seconds, with what to do when
 * not), whether the images are there (firedrill never pulls during a run), and Testcontainers set up for this
 * machine (Ryuk only where its image is present and not disabled; firedrill's own {@link Reaper} always).
 */
final class DockerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
    static final Duration PING = Duration.ofSeconds(3);
    private static final String HOW_TO_GET_DOCKER = "install Docker (Debian/Ubuntu: apt-get install docker.io; "
            + "macOS/Windows: Docker Desktop) and start it (systemctl start docker, or dockerd &); on this project's "
            + "machines ci/scripts/docker-engine.sh does both; or run on the default backend, --backend embedded, "
            + "which needs no Docker";
    private static volatile boolean testcontainersReady;
    private static volatile String reaperNote = "";

    private DockerEngine() {
    }

    /** Throws a {@link FiredrillException} (exit 2) saying what is wrong when no engine answers on its socket. */
    static DockerSocket require(String where) {
        Path path = DockerSocket.defaultSocket();
        if (path == null) {
            return null; // DOCKER_HOST=tcp://…: Testcontainers' client finds it (or says why not)
        }
        DockerSocket s = new DockerSocket(path);
        if (!s.exists()) {
            throw new FiredrillException(where + "--backend containers needs a Docker engine, and there is none: "
                    + path + " does not exist (DOCKER_HOST " + (System.getenv("DOCKER_HOST") == null ? "is not set"
                    : "= " + System.getenv("DOCKER_HOST")) + "); " + HOW_TO_GET_DOCKER);
        }
        try {
            DockerSocket.Response r = s.get("/_ping", PING);
            if (r.status() != 200) {
                throw new FiredrillException(where + "the Docker engine on " + path + " answered /_ping with HTTP "
                        + r.status() + " (" + r.body().trim() + "); check `docker info`");
            }
            return s;
        } catch (AccessDeniedException e) {
            throw noPermission(where, path);
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("ermission")) {
                throw noPermission(where, path);
            }
            throw new FiredrillException(where + "the Docker engine is not running: " + path + " exists but nothing "
                    + "answers on it (" + m + "); start it (systemctl start docker, or dockerd &; here: "
                    + "ci/scripts/docker-engine.sh)");
        } catch (IOException e) {
            throw new FiredrillException(where + "the Docker engine on " + path + " did not answer in "
                    + PING.toSeconds() + " s (" + e.getMessage() + "); check `docker info`");
        }
    }

    private static FiredrillException noPermission(String where, Path path) {
        return new FiredrillException(where + "no permission to use the Docker engine on " + path + ": add your user "
                + "to the docker group (sudo usermod -aG docker $USER, then log in again) or run as root");
    }

    /** Images that are not on the engine, of {@code images}. */
    static List<String> missing(DockerSocket s, List<String> images) {
        List<String> out = new ArrayList<>();
        for (String image : images) {
            try {
                int status = s.get("/images/" + image + "/json", PING).status();
                if (status == 404) {
                    out.add(image);
                }
            } catch (IOException e) {
                throw new FiredrillException("the Docker engine did not say whether it has " + image + ": "
                        + e.getMessage());
            }
        }
        return out;
    }

    /** The message for images that are not here: their names and both ways to get them. */
    static String missingMessage(String where, List<String> missing) {
        return where + "image" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + (missing.size() == 1
                ? " is" : " are") + " not on this Docker engine, and firedrill never pulls during a run (a pull "
                + "that cannot reach its registry would hang the start): pull "
                + (missing.size() == 1 ? "it" : "them") + " (docker pull " + String.join("; docker pull ", missing)
                + "), or build equivalents from Debian packages with ci/scripts/build-images.sh (no registry needed),"
                + " or name other images in the topology (containers.images.postgres|redis|sqs|jre, "
                + "fleet.app.image)";
    }

    /**
     * Testcontainers' Docker client, set up once: Ryuk is used only when it is not disabled and its image is
     * already here (it would be pulled otherwise, and it needs a privileged container); else Testcontainers'
     * in-JVM cleanup hook stands in, and firedrill's {@link Reaper} covers a killed JVM either way.
     */
    static synchronized DockerClient client(DockerSocket socket) {
        if (!testcontainersReady) {
            boolean disabled = Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
            String ryuk = org.testcontainers.utility.TestcontainersConfiguration.getInstance()
                    .getEnvVarOrProperty("ryuk.container.image", "testcontainers/ryuk:0.14.0");
            boolean ryukHere = !disabled && socket != null && missing(socket, List.of(ryuk)).isEmpty();
            if (!ryukHere && !disabled) {
                useJvmHookReaper();
            }
            skipGatewayProbe();
            reaperNote = ryukHere ? "Ryuk (" + ryuk + ") and firedrill's reaper"
                    : "firedrill's reaper (Ryuk " + (disabled ? "disabled by TESTCONTAINERS_RYUK_DISABLED" : "image "
                    + ryuk + " not here") + ")";
            testcontainersReady = true;
        }
        try {
            return DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            throw new ProvisioningException("docker", "Testcontainers cannot use the Docker engine: " + e.getMessage(),
                    e);
        }
    }

    /** Which reaper stands behind this run's containers, for the progress line. */
    static String reaperNote() {
        return reaperNote;
    }

    /**
     * Installs Testcontainers' JVM-hook reaper before anything asks for Ryuk: without the environment variable (which
     * a JVM cannot set for itself) Testcontainers would start Ryuk, pulling its image.
     */
    private static void useJvmHookReaper() {
        try {
            Class<?> base = Class.forName("org.testcontainers.utility.ResourceReaper");
            java.lang.reflect.Field f = base.getDeclaredField("instance");
            f.setAccessible(true);
            if (f.get(null) == null) {
                Class<?> hook = Class.forName("org.testcontainers.utility.JVMHookResourceReaper");
                java.lang.reflect.Constructor<?> c = hook.getDeclaredConstructor();
                c.setAccessible(true);
                f.set(null, c.newInstance());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not keep Testcontainers from starting Ryuk ({}); set TESTCONTAINERS_RYUK_DISABLED=true "
                    + "if its image cannot be pulled here", e.toString());
        }
    }

    /**
     * Inside a container (this project's machines have {@code /.dockerenv}) Testcontainers finds "the Docker host's
     * address" by running {@code alpine} to read its default route, unless {@code TESTCONTAINERS_HOST_OVERRIDE} is set
     * — a pull that cannot succeed without a registry. firedrill reaches containers at their network addresses,
     * never through published ports, so that address is never used: it is settled as {@code localhost} up front.
     */
    private static void skipGatewayProbe() {
        String override = System.getenv("TESTCONTAINERS_HOST_OVERRIDE");
        if (override != null && !override.isBlank()) {
            return;
        }
        try {
            Class<?> utils = Class.forName("org.testcontainers.dockerclient.DockerClientConfigUtils");
            java.lang.reflect.Field f = utils.getDeclaredField("defaultGateway");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            java.util.concurrent.atomic.AtomicReference<Object> ref =
                    (java.util.concurrent.atomic.AtomicReference<Object>) f.get(null);
            ref.compareAndSet(null, java.util.Optional.of("localhost"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not keep Testcontainers from probing the default gateway with alpine ({}); set "
                    + "TESTCONTAINERS_HOST_OVERRIDE=localhost if alpine cannot be pulled here", e.toString());
        }
    }

    /** True when {@code image} exists on the engine (Testcontainers' client). */
    static boolean has(DockerClient client, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}

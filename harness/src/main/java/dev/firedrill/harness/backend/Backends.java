package dev.firedrill.harness.backend;

import dev.firedrill.harness.FiredrillException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The backends on the class path, by name ({@link ServiceLoader} of {@link Backend}).
 *
 * <pre>{@code
 * try (Deployment d = Backends.named("embedded").deploy(Topology.defaults())) { ... }
 * }</pre>
 */
public final class Backends {
    /** The backend used when none is named. */
    public static final String DEFAULT = "embedded";

    private Backends() {
    }

    /** Every registered backend, sorted by name. */
    public static List<Backend> all() {
        List<Backend> out = new ArrayList<>();
        ServiceLoader.load(Backend.class, Backends.class.getClassLoader()).forEach(out::add);
        out.sort(Comparator.comparing(Backend::name));
        return out;
    }

    /** The backend called {@code name} (null: the default); an unknown name is an error listing the known ones. */
    public static Backend named(String name) {
        String n = name == null ? DEFAULT : name.trim();
        List<Backend> all = all();
        for (Backend b : all) {
            if (b.name().equals(n)) {
                return b;
            }
        }
        throw new FiredrillException("unknown backend '" + n + "'; the backends are: " + all.stream()
                .map(b -> b.name() + " (" + b.description() + ")").collect(Collectors.joining(", "))
                + ". Give one of them, e.g. --backend " + DEFAULT);
    }
}

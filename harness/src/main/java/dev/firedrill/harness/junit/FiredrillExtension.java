package dev.firedrill.harness.junit;

import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.topology.AppSpec;
import dev.firedrill.harness.topology.Topology;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Deploys the topology described by the class's {@link FiredrillTopology} once per class, before all tests,
 * and closes it when the class is done (JUnit closes the stored {@link Drill}); injects the {@link Drill} into
 * test method parameters and into static or instance fields of type {@code Drill}.
 */
public final class FiredrillExtension implements BeforeAllCallback, ParameterResolver, TestInstancePostProcessor {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FiredrillExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Drill drill = drill(context);
        for (Field f : context.getRequiredTestClass().getDeclaredFields()) {
            if (f.getType() == Drill.class && Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                f.set(null, drill);
            }
        }
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) throws Exception {
        for (Field f : instance.getClass().getDeclaredFields()) {
            if (f.getType() == Drill.class && !Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                f.set(instance, drill(context));
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        return p.getParameter().getType() == Drill.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        return drill(context);
    }

    private static Drill drill(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(NS);
        return store.getOrComputeIfAbsent(testClass, c -> boot(testClass), Holder.class).drill;
    }

    private static Holder boot(Class<?> testClass) {
        FiredrillTopology spec = AnnotationSupport.findAnnotation(testClass, FiredrillTopology.class)
                .orElseThrow(() -> new ExtensionConfigurationException(testClass.getName()
                        + " uses FiredrillExtension without @FiredrillTopology; annotate the class with "
                        + "@FiredrillTopology(timeScale = 0.05, instances = 2)"));
        Topology t = topology(spec, testClass);
        Backend backend;
        try {
            backend = Backends.named(spec.backend().isEmpty() ? t.backend() : spec.backend());
        } catch (FiredrillException e) {
            throw new ExtensionConfigurationException("@FiredrillTopology(backend) on " + testClass.getName() + ": "
                    + e.getMessage(), e);
        }
        return new Holder(new Drill(backend.deploy(t), Path.of(spec.reportRoot())));
    }

    /** The topology an annotation describes: the defaults with its overrides. */
    public static Topology topology(FiredrillTopology spec, Class<?> where) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : spec.appEnv()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@FiredrillTopology(appEnv) on " + where.getName()
                        + ": '" + kv + "' is not NAME=value; write e.g. \"DB_TIMEOUT_MS=250\"");
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return Topology.builder().timeScale(spec.timeScale()).instances(spec.instances()).replicas(spec.replicas())
                .fleet(f -> f.withApp(new AppSpec(java.util.List.of(), env))).build();
    }

    /** Closed by JUnit when the class's store is closed. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Drill drill;

        Holder(Drill drill) {
            this.drill = drill;
        }

        @Override
        public void close() {
            drill.close();
        }
    }
}

package dev.firedrill.harness.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.fault.FaultKind;
import dev.firedrill.harness.fault.FaultKinds;
import dev.firedrill.harness.fault.FaultPlanner;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.internal.YamlFields;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyYaml;
import dev.firedrill.harness.workload.OpKind;
import dev.firedrill.harness.workload.RateStep;
import dev.firedrill.harness.workload.WorkloadSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scenarios written in YAML, for users who don't write Java; the built-in scenarios ship in this
 * format (resources {@code dev/firedrill/harness/scenario/builtin/*.yaml}, listed by
 * {@code firedrill list}).
 *
 * <pre>{@code
 * name: replica-lag
 * description: Replay paused 5 s; stale reads only on the reader pool.
 * seed: 42
 * topology: {timeScale: 0.05}            # same schema as topology files; default topology otherwise
 * workload: {clients: 8, rate: 100, keys: 50, requestTimeout: 1s,
 *            mix: {write: 4, read: 3, consistent_read: 2, slow: 1},
 *            slowWork: 300ms,                # how long a 'slow' request is held (1ms..60s)
 *            steps: [{at: 4s, rate: 300}, {at: 12s, rate: 50}]}   # at: after the warm-up, like faults' at
 * warmup: 2s
 * duration: 15s
 * faults:
 *   - {at: 5s, kind: replica-lag, target: all, for: 5s, options: {mode: pause}}
 * slos:
 *   - noLostWrites
 *   - writeRecoveryWithin: 10s
 * }</pre>
 */
public final class ScenarioYaml {
    /** Where the built-in scenarios live on the classpath. */
    public static final String BUILTIN = "/dev/firedrill/harness/scenario/builtin/";
    /** The built-in scenarios, in the order {@code firedrill list} shows them. */
    public static final List<String> BUILTIN_NAMES = List.of("replica-lag", "instance-loss", "partition", "failover",
            "cache-outage", "queue-outage", "az-outage", "instance-replacement", "scale-out", "rolling-deploy",
            "blue-green-deploy", "bad-version-rollback");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ScenarioYaml() {
    }

    /** A parsed scenario file: the scenario plus its description. */
    public record Loaded(Scenario scenario, String description) {
    }

    /** A built-in scenario by name. */
    public static Loaded builtin(String name) {
        try (InputStream in = ScenarioYaml.class.getResourceAsStream(BUILTIN + name + ".yaml")) {
            if (in == null) {
                String hint = YamlFields.closest(name, java.util.Set.copyOf(BUILTIN_NAMES));
                throw new ScenarioException("unknown scenario '" + name + "'" + (hint != null ? "; did you mean '"
                        + hint + "'?" : "") + " Built-in scenarios: " + String.join(", ", BUILTIN_NAMES)
                        + " (or give a scenario YAML file)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in scenario " + name);
        } catch (IOException e) {
            throw new ScenarioException("cannot read built-in scenario " + name + ": " + e.getMessage(), e);
        }
    }

    /** The built-in scenario's YAML text, to print or copy as a starting point. */
    public static String builtinText(String name) {
        try (InputStream in = ScenarioYaml.class.getResourceAsStream(BUILTIN + name + ".yaml")) {
            if (in == null) {
                throw new ScenarioException("unknown scenario '" + name + "'");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException("cannot read built-in scenario " + name + ": " + e.getMessage(), e);
        }
    }

    /** A built-in name or a path to a scenario file. */
    public static Loaded resolve(String nameOrFile) {
        if (isFile(nameOrFile)) {
            return load(Path.of(nameOrFile));
        }
        return builtin(nameOrFile);
    }

    /** Whether {@link #resolve} reads {@code nameOrFile} as a file (it ends in .yaml/.yml or holds a '/'). */
    public static boolean isFile(String nameOrFile) {
        return nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") || nameOrFile.contains("/");
    }

    public static Loaded load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioException("scenario file " + file + " does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ScenarioException(file + " is not a UTF-8 YAML file (it holds bytes that are not UTF-8 text); "
                    + "give a scenario YAML file, e.g. ./firedrill list --show replica-lag > my.yaml");
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /** Parses a scenario; relative paths in its topology stay relative to the working directory. */
    public static Loaded parse(String yaml, String source) {
        return parse(yaml, source, null);
    }

    /**
     * Parses a scenario written in a file in {@code baseDir} (null: none): its topology's relative paths are
     * resolved against it, as in a topology file.
     */
    public static Loaded parse(String yaml, String source, Path baseDir) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new ScenarioException(source + ": malformed YAML" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException(source + ": a scenario file is a mapping with at least 'name' and 'duration'");
        }
        try {
            return read(new YamlFields("", root), root, baseDir);
        } catch (FiredrillException e) {
            throw new ScenarioException(source + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(source + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(source + ": " + e.getOriginalMessage(), e);
        }
    }

    private static Loaded read(YamlFields r, JsonNode root, Path baseDir) throws JsonProcessingException {
        String name = r.reqStr("name");
        String description = r.str("description", "");
        long seed = r.has("seed") ? r.integer("seed", 1) : 1;
        Topology topology = Topology.defaults();
        if (r.has("topology")) {
            JsonNode t = root.get("topology");
            r.obj("topology"); // marks it read and checks it is a mapping
            try {
                String text = YAML.writeValueAsString(t);
                topology = baseDir == null ? TopologyYaml.parse(text) : TopologyYaml.parse(text, baseDir);
            } catch (TopologyException e) {
                throw new ScenarioException("topology." + e.getMessage(), e);
            }
        }
        WorkloadSpec workload = WorkloadSpec.defaults();
        if (r.has("workload")) {
            workload = workload(r.obj("workload"), root.get("workload"), workload);
        }
        JsonNode written = root.get("workload");
        ScenarioChecks.workload(workload, written != null && written.has("mix") ? "workload.mix" : null, topology);
        Duration warmup = r.duration("warmup", Duration.ofSeconds(1));
        Duration duration = r.duration("duration", null);
        if (duration == null) {
            throw new ScenarioException("duration: is required, e.g. duration: 20s");
        }
        ScenarioChecks.steps(workload, duration);
        Duration jobBound = r.duration("jobBound", null);
        Scenario.Builder b = Scenario.named(name).topology(topology).workload(workload).warmup(warmup)
                .duration(duration).seed(seed);
        if (jobBound != null) {
            b.jobBound(jobBound);
        }
        if (r.has("faults")) {
            List<YamlFields> faults = r.list("faults");
            for (int i = 0; i < faults.size(); i++) {
                YamlFields f = faults.get(i);
                String path = "faults[" + i + "]";
                Duration at = f.duration("at", null);
                if (at == null) {
                    throw new ScenarioException(path + ".at: is required (time after the warm-up, e.g. 5s)");
                }
                String kind = f.reqStr("kind");
                String target = f.reqStr("target");
                String lasting = f.str("for", null);
                Map<String, String> options = f.has("options") ? f.stringMap("options") : Map.of();
                f.done();
                FaultKind descriptor;
                try {
                    descriptor = FaultKinds.get(kind);
                } catch (FiredrillException e) {
                    throw new ScenarioException(path + ".kind: " + e.getMessage(), e);
                }
                try {
                    descriptor.checkOptions(options.keySet());
                } catch (FiredrillException e) {
                    throw new ScenarioException(path + ".options: " + e.getMessage(), e);
                }
                FaultSpec spec;
                try {
                    spec = FaultSpec.of(kind, target, lasting, options);
                    spec.toFault(); // validate now, with the path
                } catch (FiredrillException e) {
                    throw new ScenarioException(path + ": " + e.getMessage(), e);
                }
                try {
                    FaultPlanner.check(topology, spec.toFault()); // against the topology, before anything starts
                } catch (FiredrillException e) {
                    throw new ScenarioException(path + ".target: " + e.getMessage(), e);
                }
                b.fault(at, spec);
            }
        }
        if (r.has("deployments")) {
            List<YamlFields> ds = r.list("deployments");
            for (int i = 0; i < ds.size(); i++) {
                YamlFields f = ds.get(i);
                String path = "deployments[" + i + "]";
                Duration at = f.duration("at", null);
                if (at == null) {
                    throw new ScenarioException(path + ".at: is required (time after the warm-up, e.g. 2s)");
                }
                Map<String, String> options = new java.util.LinkedHashMap<>();
                for (String k : f.keys()) {
                    if (!k.equals("at")) {
                        options.put(k, f.str(k, null));
                    }
                }
                f.done();
                try {
                    dev.firedrill.harness.fleet.DeploySpec spec = dev.firedrill.harness.fleet.DeployOptions
                            .parse(options);
                    dev.firedrill.harness.fleet.DeployOptions.check(spec, topology);
                    b.deploy(at, spec);
                } catch (FiredrillException e) {
                    throw new ScenarioException(path + "." + e.getMessage(), e);
                }
            }
        }
        if (r.has("slos")) {
            JsonNode slos = root.get("slos");
            if (!slos.isArray()) {
                throw new ScenarioException("slos: expected a list (lines starting with '- ')");
            }
            for (int i = 0; i < slos.size(); i++) {
                b.slo(SloCatalog.parse("slos[" + i + "]", slos.get(i)));
                ScenarioChecks.slo("slos[" + i + "]", slos.get(i), topology);
            }
        }
        r.done();
        return new Loaded(b.build(), description);
    }

    private static WorkloadSpec workload(YamlFields w, JsonNode node, WorkloadSpec d) {
        int clients = w.integer("clients", d.clients());
        double rate = w.dbl("rate", d.opsPerSecond());
        int keys = w.integer("keys", d.keys());
        Duration timeout = w.duration("requestTimeout", d.requestTimeout());
        Duration jobWork = w.duration("jobWork", d.jobWork());
        Duration slowWork = w.duration("slowWork", d.slowWork());
        List<RateStep> steps = w.has("steps") ? steps(w.list("steps")) : d.steps();
        Map<OpKind, Integer> mix = d.mix();
        if (w.has("mix")) {
            Map<String, String> m = w.stringMap("mix");
            EnumMap<OpKind, Integer> parsed = new EnumMap<>(OpKind.class);
            for (Map.Entry<String, String> e : m.entrySet()) {
                OpKind op;
                try {
                    op = OpKind.parse(e.getKey());
                } catch (IllegalArgumentException ex) {
                    throw new ScenarioException("workload.mix." + e.getKey() + ": " + ex.getMessage());
                }
                try {
                    parsed.put(op, Integer.parseInt(e.getValue().trim()));
                } catch (NumberFormatException ex) {
                    throw new ScenarioException("workload.mix." + e.getKey() + ": weight '" + e.getValue()
                            + "' is not a whole number");
                }
            }
            mix = parsed;
        }
        w.done();
        try {
            return new WorkloadSpec(clients, rate, mix, keys, timeout, jobWork, slowWork, steps);
        } catch (IllegalArgumentException e) {
            // the spec names a step's field as steps[i].at: in a scenario file that is workload.steps[i].at
            String m = e.getMessage();
            throw new ScenarioException("workload" + (m.startsWith("steps[") ? "." : ": ") + m);
        }
    }

    /** {@code steps: [{at: 4s, rate: 300}, …]}: each rate change, at a time after the warm-up. */
    private static List<RateStep> steps(List<YamlFields> list) {
        List<RateStep> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            YamlFields s = list.get(i);
            String path = "workload.steps[" + i + "]";
            Duration at = s.duration("at", null);
            boolean hasRate = s.has("rate");
            s.done(); // a misspelt key ("rat: 300") is named before the one it left missing
            if (at == null) {
                throw new ScenarioException(path + ".at: is required (time after the warm-up, e.g. 4s)");
            }
            if (!hasRate) {
                throw new ScenarioException(path + ".rate: is required (operations per second from then on, "
                        + "e.g. rate: 300)");
            }
            double rate = s.dbl("rate", 0);
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new ScenarioException(path + ".rate: must be a positive number of operations per second, was "
                        + s.str("rate", "?") + "; e.g. rate: 300");
            }
            steps.add(new RateStep(at, rate));
        }
        return steps;
    }

    /**
     * The scenario with CLI overrides applied: a time scale, a seed, and a factor that stretches the
     * run (duration, every fault's start and length, every load step's start) for nightly runs.
     */
    public static Scenario override(Scenario s, Double timeScale, Long seed, Double durationFactor) {
        Scenario.Builder b = s.toBuilder();
        if (timeScale != null) {
            b.topology(s.topology().toBuilder().timeScale(timeScale).build());
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (durationFactor != null) {
            if (!(durationFactor >= 1 && durationFactor <= 100)) {
                throw new ScenarioException("--duration-factor " + durationFactor + ": must be between 1 and 100");
            }
            b.duration(scale(s.duration(), durationFactor));
            List<FaultStep> steps = new ArrayList<>();
            for (FaultStep f : s.faults()) {
                steps.add(new FaultStep(scale(f.at(), durationFactor), f.fault(),
                        f.duration() == null ? null : scale(f.duration(), durationFactor)));
            }
            b.faults(steps);
            b.workload(s.workload().withSteps(s.workload().steps().stream()
                    .map(st -> new RateStep(scale(st.at(), durationFactor), st.opsPerSecond())).toList()));
        }
        return b.build();
    }

    private static Duration scale(Duration d, double f) {
        return Duration.ofNanos((long) (d.toNanos() * f));
    }

}

package dev.firedrill.harness.fault;

import dev.firedrill.harness.FaultException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which instances a fault hits, resolved at run time like AWS FIS selection modes: by name, one at
 * random (seeded), {@code count(n)}, {@code percent(p)}, or all in an AZ. The history records what
 * was actually hit.
 */
public sealed interface Selector {
    /** Resolves against the candidates (name → AZ, in a stable order). */
    List<String> resolve(List<Candidate> candidates, RandomGenerator random);

    /** A candidate target with its AZ. */
    record Candidate(String name, String az) {
    }

    /** The named targets; an unknown name is an error listing the known ones. */
    record Named(List<String> names) implements Selector {
        @Override
        public List<String> resolve(List<Candidate> candidates, RandomGenerator random) {
            List<String> known = candidates.stream().map(Candidate::name).toList();
            for (String n : names) {
                if (!known.contains(n)) {
                    throw new FaultException("unknown target '" + n + "'; targets: " + String.join(", ", known));
                }
            }
            return List.copyOf(names);
        }

        @Override
        public String toString() {
            return String.join(",", names);
        }
    }

    /** {@code n} distinct targets chosen at random from the seed. */
    record Count(int n) implements Selector {
        public Count {
            if (n < 1) {
                throw new FaultException("count(" + n + "): the count must be at least 1");
            }
        }

        @Override
        public List<String> resolve(List<Candidate> candidates, RandomGenerator random) {
            if (n > candidates.size()) {
                throw new FaultException("count(" + n + ") but only " + candidates.size() + " targets exist");
            }
            List<String> pool = new ArrayList<>(candidates.stream().map(Candidate::name).toList());
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(pool.remove(random.nextInt(pool.size())));
            }
            return out;
        }

        @Override
        public String toString() {
            return n == 1 ? "1 instance (random)" : n + " instances (random)";
        }
    }

    /** {@code p} percent of the targets (rounded down, at least one), chosen at random from the seed. */
    record Percent(int p) implements Selector {
        public Percent {
            if (p < 1 || p > 100) {
                throw new FaultException("percent(" + p + "): the percentage must be between 1 and 100");
            }
        }

        @Override
        public List<String> resolve(List<Candidate> candidates, RandomGenerator random) {
            int n = Math.max(1, candidates.size() * p / 100);
            return new Count(n).resolve(candidates, random);
        }

        @Override
        public String toString() {
            return p + "% of the instances";
        }
    }

    /** Every target in the availability zone. */
    record InAz(String az) implements Selector {
        @Override
        public List<String> resolve(List<Candidate> candidates, RandomGenerator random) {
            List<String> out = candidates.stream().filter(c -> c.az().equals(az)).map(Candidate::name).toList();
            if (out.isEmpty()) {
                throw new FaultException("no target in AZ '" + az + "'; AZs: "
                        + String.join(", ", candidates.stream().map(Candidate::az).distinct().toList()));
            }
            return out;
        }

        @Override
        public String toString() {
            return "the instances in " + az;
        }
    }

    static Selector one() {
        return new Count(1);
    }

    /**
     * Parses the CLI/YAML form: {@code app-1}, {@code app-1,app-2}, {@code random}, {@code count(2)},
     * {@code percent(50)}, {@code az(us-east-1a)}.
     */
    static Selector parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new FaultException("a target is required: a name, random, count(N), percent(P) or az(NAME)");
        }
        try {
            if (t.equals("random") || t.equals("one")) {
                return one();
            }
            if (t.startsWith("count(") && t.endsWith(")")) {
                return new Count(Integer.parseInt(t.substring(6, t.length() - 1).trim()));
            }
            if (t.startsWith("percent(") && t.endsWith(")")) {
                return new Percent(Integer.parseInt(t.substring(8, t.length() - 1).trim()));
            }
        } catch (NumberFormatException e) {
            throw new FaultException("'" + t + "' is not a selector; write count(2) or percent(50)");
        }
        if (t.startsWith("az(") && t.endsWith(")")) {
            return new InAz(t.substring(3, t.length() - 1).trim());
        }
        return new Named(List.of(t.split("\\s*,\\s*")));
    }
}

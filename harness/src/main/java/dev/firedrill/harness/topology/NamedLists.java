package dev.firedrill.harness.topology;

import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.internal.YamlFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Lists of named things in a topology file (subnets, security groups, queues) merge into the default
 * by name, so a file says only what differs: an entry with a default's name changes only the fields it
 * gives, a new name is added, {@code remove: true} drops one, and an empty list {@code []} means none.
 */
final class NamedLists {
    private NamedLists() {
    }

    /**
     * @param read builds an entry from its fields and the default entry of that name (null for a new name)
     */
    static <T> List<T> merge(String path, List<T> defaults, List<YamlFields> entries, Function<T, String> nameOf,
            BiFunction<YamlFields, T, T> read) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<String, T> merged = new LinkedHashMap<>();
        defaults.forEach(d -> merged.put(nameOf.apply(d), d));
        for (YamlFields e : entries) {
            String name = e.reqStr("name");
            if (e.bool("remove", false)) {
                e.done();
                if (merged.remove(name) == null) {
                    throw new TopologyException(path, "nothing named '" + name + "' to remove; names: "
                            + String.join(", ", merged.keySet()));
                }
                continue;
            }
            merged.put(name, read.apply(e, merged.get(name)));
        }
        return new ArrayList<>(merged.values());
    }
}

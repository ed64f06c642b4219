package dev.firedrill.harness.cli;

import dev.firedrill.harness.internal.YamlFields;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Command-line mistakes in the words of the rest of firedrill: what was wrong, and the closest valid word. */
final class ParameterErrors {
    private ParameterErrors() {
    }

    static String message(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return ex.getMessage();
        }
        String word = u.getUnmatched().get(0);
        var spec = u.getCommandLine().getCommandSpec();
        Set<String> words = u.isUnknownOption() ? spec.optionsMap().keySet()
                : u.getCommandLine().getSubcommands().keySet();
        String closest = YamlFields.closest(word, Set.copyOf(words));
        List<String> suggestions = u.getSuggestions();
        String best = closest != null ? closest : suggestions.isEmpty() ? null : suggestions.get(0);
        String hint = best == null ? "" : "; did you mean '" + best + "'?";
        if (u.isUnknownOption()) {
            return "Unknown option '" + word + "' for '" + u.getCommandLine().getCommandSpec().qualifiedName() + "'"
                    + hint;
        }
        boolean topLevel = u.getCommandLine().getCommandSpec().parent() == null;
        if (topLevel) {
            return "unknown command '" + word + "'" + hint + " Commands: " + String.join(", ",
                    u.getCommandLine().getSubcommands().keySet());
        }
        return "unexpected argument '" + word + "'" + hint;
    }
}

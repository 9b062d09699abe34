package dev.ace4j.coder.mutation;

import java.util.Objects;

/**
 * One small change of a module's behaviour: the module's text with one node's text replaced.
 *
 * @param number from 1, in the order of the module's lines
 * @param operator the kind of change: arithmetic, comparison, boundary, boolean, constant, negated condition,
 *     return value, removed statement, swapped arguments
 * @param line the line of the module it changes
 * @param description what changed, e.g. {@code < -> <=}
 * @param source the whole mutated module; empty for a Java mutant, which PIT makes in the bytecode
 * @param diff the change as a unified diff of module.py against mutant.py; for a Java mutant, the line PIT changed,
 *     quoted unchanged under a header with PIT's description (see {@link JavaMutationTesting})
 */
public record Mutant(int number, String operator, int line, String description, String source, String diff) {
  public Mutant {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(diff, "diff");
  }
}

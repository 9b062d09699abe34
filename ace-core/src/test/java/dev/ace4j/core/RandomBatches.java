package dev.ace4j.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random delta batches for property tests. A {@link Step} is an abstract choice (which kind of operation, which
 * bullet by position, what text); {@link #valid} turns steps into operations that are valid against a playbook,
 * one after another, so every batch it returns applies; {@link #invalid} returns an operation that cannot apply.
 */
final class RandomBatches {
  static final List<String> SECTIONS = List.of("Strategies & Insights", "common mistakes to avoid", "Testing",
      "Ünïcode «section»");
  static final Instant T0 = Instant.parse("2026-01-31T12:00:00.123456789Z");

  private RandomBatches() {}

  /** An abstract operation: {@code kind} 0 add, 1 update, 2 tag, 3 remove, 4 merge. */
  record Step(int kind, int first, int second, String text, Operation.Verdict verdict) {}

  static Arbitrary<String> texts() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars('é', '漢', '\n', '\t', '"', '\\', '\u2028')
        .ofMinLength(0).ofMaxLength(30).map(s -> "x" + s);
  }

  static Arbitrary<Step> steps() {
    // Adds are weighted up so playbooks grow and the other operations have bullets to work on.
    Arbitrary<Integer> kinds = Arbitraries.frequency(
        Tuple.of(4, 0), Tuple.of(2, 1), Tuple.of(3, 2),
        Tuple.of(1, 3), Tuple.of(1, 4));
    Arbitrary<Integer> picks = Arbitraries.integers().between(0, 1000);
    return Combinators.combine(kinds, picks, picks, texts(), Arbitraries.of(Operation.Verdict.class))
        .as(Step::new);
  }

  static Arbitrary<List<Step>> batches() {
    return steps().list().ofMinSize(1).ofMaxSize(6);
  }

  static Arbitrary<List<List<Step>>> histories() {
    return batches().list().ofMinSize(0).ofMaxSize(6);
  }

  /** The batch the steps describe, each operation valid given the playbook and the operations before it. */
  static DeltaBatch valid(List<Step> steps, Playbook playbook) {
    List<Operation> operations = new ArrayList<>();
    Playbook running = playbook;
    for (Step step : steps) {
      Operation operation = operation(step, running);
      running = running.apply(DeltaBatch.of(operation), T0);
      operations.add(operation);
    }
    return new DeltaBatch("random", operations, Provenance.of("task", "run"));
  }

  /** An operation that cannot apply to {@code playbook} or anything a valid batch makes of it. */
  static Operation invalid(int kind, Playbook playbook) {
    String ghost = "ghost-" + String.format("%05d", 90_000 + kind);
    Optional<Bullet> removed = playbook.bullets().stream().filter(b -> !b.active()).findFirst();
    return switch (kind % 7) {
      case 0 -> new Operation.Update(ghost, "new content", "");
      case 1 -> Operation.Tag.of(ghost, Operation.Verdict.HELPFUL);
      case 2 -> new Operation.Remove(ghost, "");
      case 3 -> new Operation.Merge(List.of(ghost, "ghost-00001"), "", "");
      case 4 -> Operation.Add.of("Testing", "   ");
      case 5 -> new Operation.Merge(List.of(ghost), "", "");
      default -> removed.<Operation>map(b -> new Operation.Update(b.id(), "revived", ""))
          .orElse(Operation.Tag.of(ghost, Operation.Verdict.HARMFUL));
    };
  }

  /** Applies random valid batches to a store, returning it. */
  static <S extends PlaybookStore> S grow(S store, List<List<Step>> history) {
    for (List<Step> steps : history) {
      store.apply(valid(steps, store.current()));
    }
    return store;
  }

  private static Operation operation(Step step, Playbook playbook) {
    List<Bullet> active = playbook.active();
    if (step.kind() == 0 || active.isEmpty()) {
      return new Operation.Add(SECTIONS.get(step.first() % SECTIONS.size()), step.text(), Optional.empty(), "why");
    }
    Bullet one = active.get(step.first() % active.size());
    Bullet other = active.get(step.second() % active.size());
    return switch (step.kind()) {
      case 1 -> new Operation.Update(one.id(), step.text(), "clearer");
      case 2 -> Operation.Tag.of(one.id(), step.verdict());
      case 3 -> new Operation.Remove(one.id(), "stale");
      default -> one == other ? Operation.Tag.of(one.id(), step.verdict())
          : new Operation.Merge(List.of(one.id(), other.id()), step.second() % 2 == 0 ? "" : step.text(), "same");
    };
  }
}

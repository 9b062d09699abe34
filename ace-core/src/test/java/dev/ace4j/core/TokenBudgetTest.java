package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.Operation.Add;
import dev.ace4j.core.Operation.Tag;
import dev.ace4j.core.Operation.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Enforcing a token budget by merging and retiring bullets, never by cutting text. */
class TokenBudgetTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-26T11:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-26T12:00:00Z");

  /**
   * stra-00001 helpful 3; stra-00002 harmful 2 ≥ helpful 1; stra-00003 never cited (old); stra-00004 duplicate
   * of stra-00001; stra-00005 helpful 1; stra-00006 never cited, updated later than stra-00003.
   */
  private static Playbook playbook() {
    Playbook added = Playbook.empty().apply(DeltaBatch.of(
        Add.of("Strategies", "Run the visible tests before answering"),
        Add.of("Strategies", "Prefer recursion for every list problem"),
        Add.of("Strategies", "Name variables after the domain"),
        Add.of("Strategies", "Run the visible tests before answering!"),
        Add.of("Strategies", "Handle the empty input explicitly"),
        Add.of("Strategies", "Read the whole task statement twice")), T0);
    List<Operation> tags = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tags.add(Tag.of("stra-00001", Verdict.HELPFUL));
    }
    tags.add(Tag.of("stra-00002", Verdict.HELPFUL));
    tags.add(Tag.of("stra-00002", Verdict.HARMFUL));
    tags.add(Tag.of("stra-00002", Verdict.HARMFUL));
    tags.add(Tag.of("stra-00005", Verdict.HELPFUL));
    Playbook tagged = added.apply(new DeltaBatch("", tags, Provenance.none()), T1);
    return tagged.apply(
        DeltaBatch.of(new Operation.Update("stra-00006", "Read the whole task statement twice", "")), T2);
  }

  private static List<String> removedIds(DeltaBatch batch) {
    return batch.operations().stream().filter(o -> o instanceof Operation.Remove)
        .map(o -> ((Operation.Remove) o).bulletId()).toList();
  }

  @Test
  void returnsAnEmptyBatchWithinBudget() {
    Playbook playbook = playbook();

    DeltaBatch batch = TokenBudget.of(TokenBudget.tokens(playbook)).enforce(playbook);

    assertThat(batch.operations()).isEmpty();
    assertThat(batch.reasoning()).startsWith("within the token budget");
  }

  @Test
  void mergesDuplicatesFirstAndStopsWhenThatIsEnough() {
    Playbook playbook = playbook();
    int budget = TokenBudget.tokens(playbook) - 5;

    DeltaBatch batch = TokenBudget.of(budget).enforce(playbook);

    assertThat(batch.operations()).singleElement().isInstanceOf(Operation.Merge.class);
    assertThat(TokenBudget.tokens(playbook.apply(batch, T2))).isLessThanOrEqualTo(budget);
  }

  @Test
  void retiresHarmfulThenNeverCitedOldestFirstUntilUnderBudget() {
    Playbook playbook = playbook();
    int budget = TokenBudget.tokens(playbook) / 2;

    DeltaBatch batch = TokenBudget.of(budget).enforce(playbook);
    Playbook after = playbook.apply(batch, T2);

    assertThat(batch.operations().get(0)).isInstanceOf(Operation.Merge.class);
    assertThat(removedIds(batch)).startsWith("stra-00002", "stra-00003", "stra-00006");
    assertThat(TokenBudget.tokens(after)).isLessThanOrEqualTo(budget);
    assertThat(after.active()).extracting(Bullet::id).contains("stra-00001");
    assertThat(batch.reasoning()).contains("over the budget of " + budget).contains("retired");
  }

  @Test
  void retiresNoMoreBulletsThanNeeded() {
    Playbook playbook = playbook();
    int budget = TokenBudget.tokens(playbook) / 2;

    DeltaBatch batch = TokenBudget.of(budget).enforce(playbook);
    List<Operation> oneFewer = batch.operations().subList(0, batch.operations().size() - 1);

    assertThat(TokenBudget.tokens(playbook.apply(new DeltaBatch("", oneFewer, Provenance.none()), T2)))
        .isGreaterThan(budget);
  }

  @Test
  void givesTheSameBatchForTheSamePlaybook() {
    int budget = TokenBudget.tokens(playbook()) / 3;

    assertThat(TokenBudget.of(budget).enforce(playbook())).isEqualTo(TokenBudget.of(budget).enforce(playbook()));
  }

  @Test
  void neverEditsTheContentOfABulletItKeeps() {
    Playbook playbook = playbook();

    Playbook after = playbook.apply(TokenBudget.of(20).enforce(playbook), T2);

    assertThat(after.active()).isNotEmpty();
    Map<String, String> before = playbook.bullets().stream()
        .collect(Collectors.toMap(Bullet::id, Bullet::content));
    assertThat(after.bullets()).allSatisfy(b -> assertThat(b.content()).isEqualTo(before.get(b.id())));
    assertThat(TokenBudget.of(20).enforce(playbook).operations())
        .noneMatch(o -> o instanceof Operation.Update);
  }

  @Test
  void rejectsABudgetThatIsNotPositive() {
    assertThatThrownBy(() -> TokenBudget.of(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive");
  }
}

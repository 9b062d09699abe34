package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.Operation.Add;
import dev.ace4j.core.Operation.Tag;
import dev.ace4j.core.Operation.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lexical dedup within a section, and refinement that applies it. */
class LexicalDeduplicatorTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-26T11:00:00Z");

  private static Playbook of(Add... adds) {
    return Playbook.empty().apply(DeltaBatch.of(adds), T0);
  }

  @Test
  void groupsTextsThatDifferOnlyInCaseWhitespaceAndPunctuation() {
    Playbook playbook = of(
        Add.of("S", "Check the input types first."),
        Add.of("S", "check   the INPUT types, first!"),
        Add.of("S", "Something else entirely"));

    List<DuplicateGroup> groups = LexicalDeduplicator.create().findDuplicates(playbook);

    assertThat(groups).containsExactly(new DuplicateGroup("S", List.of("s-00001", "s-00002"),
        "same text once case, whitespace and punctuation are ignored"));
  }

  @Test
  void findsTheGroupsOfTheChangedBulletsOnlyAndJoinsThoseThatShareABullet() {
    Playbook playbook = of(
        Add.of("S", "Check the input types first."),
        Add.of("S", "check the input types first"),
        Add.of("S", "Close every file you open."),
        Add.of("T", "close every file you open"),
        Add.of("S", "close every file you open!"),
        Add.of("S", "CLOSE EVERY FILE YOU OPEN"));

    List<DuplicateGroup> groups =
        LexicalDeduplicator.create().findDuplicatesOf(playbook, java.util.Set.of("s-00005", "s-00006"));

    // s-00001/s-00002 are duplicates too, but neither changed; t-00004 is in another section.
    assertThat(groups).containsExactly(new DuplicateGroup("S", List.of("s-00003", "s-00005", "s-00006"),
        "same text once case, whitespace and punctuation are ignored"));
  }

  @Test
  void findsWhatTheFullScanFindsWhenOnlyTheChangedBulletsHaveDuplicates() {
    Playbook playbook = of(
        Add.of("S", "always validate the user input before parsing the numbers"),
        Add.of("S", "prefer iteration over deep recursion in python"),
        Add.of("S", "before parsing the numbers always validate the user input carefully"));
    LexicalDeduplicator deduplicator = LexicalDeduplicator.create();

    assertThat(deduplicator.findDuplicatesOf(playbook, java.util.Set.of("s-00003")))
        .isEqualTo(deduplicator.findDuplicates(playbook));
    assertThat(deduplicator.findDuplicatesOf(playbook, java.util.Set.of("s-00002"))).isEmpty();
  }

  @Test
  void groupsNearDuplicatesWhoseWordSetsOverlapEnough() {
    Playbook playbook = of(
        Add.of("S", "always validate the user input before parsing the numbers"),
        Add.of("S", "before parsing the numbers always validate the user input carefully"),
        Add.of("S", "always validate output"));

    List<DuplicateGroup> groups = LexicalDeduplicator.create().findDuplicates(playbook);

    assertThat(groups).singleElement().satisfies(g -> {
      assertThat(g.bulletIds()).containsExactly("s-00001", "s-00002");
      assertThat(g.reason()).isEqualTo("word overlap (Jaccard) of 0.80 or more");
    });
  }

  @Test
  void leavesBulletsApartWhenTheirOverlapIsBelowTheThreshold() {
    Playbook playbook = of(Add.of("S", "validate input before parsing"), Add.of("S", "validate output after parsing"));

    assertThat(LexicalDeduplicator.create().findDuplicates(playbook)).isEmpty();
    assertThat(LexicalDeduplicator.withThreshold(0.3).findDuplicates(playbook)).hasSize(1);
  }

  @Test
  void neverGroupsAcrossSections() {
    Playbook playbook = of(Add.of("Strategies", "Check types first"), Add.of("Mistakes", "Check types first"));

    assertThat(LexicalDeduplicator.create().findDuplicates(playbook)).isEmpty();
  }

  @Test
  void ignoresRemovedBullets() {
    Playbook playbook = of(Add.of("S", "Check types"), Add.of("S", "check types"))
        .apply(DeltaBatch.of(new Operation.Remove("s-00002", "")), T1);

    assertThat(LexicalDeduplicator.create().findDuplicates(playbook)).isEmpty();
  }

  @Test
  void sortsGroupsByTheirLowestId() {
    Playbook playbook = of(
        Add.of("B", "beta rule"), Add.of("A", "alpha rule"), Add.of("A", "Alpha rule."), Add.of("B", "Beta rule!"));

    assertThat(LexicalDeduplicator.create().findDuplicates(playbook)).extracting(DuplicateGroup::bulletIds)
        .containsExactly(List.of("b-00001", "b-00004"), List.of("a-00002", "a-00003"));
  }

  @Test
  void rejectsAThresholdOutsideZeroToOne() {
    assertThatThrownBy(() -> LexicalDeduplicator.withThreshold(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> LexicalDeduplicator.withThreshold(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(LexicalDeduplicator.withThreshold(0).threshold()).isZero();
  }

  @Test
  void refinementMergesEachGroupIntoItsLowestIdWithCountersSummed() {
    Playbook playbook = of(Add.of("S", "Check types."), Add.of("S", "check TYPES"), Add.of("S", "Check types!"))
        .apply(DeltaBatch.of(Tag.of("s-00001", Verdict.HELPFUL), Tag.of("s-00002", Verdict.HELPFUL),
            Tag.of("s-00003", Verdict.HARMFUL), Tag.of("s-00003", Verdict.NEUTRAL)), T0);

    DeltaBatch batch = Refinement.mergeDuplicates(playbook, LexicalDeduplicator.create());
    Playbook refined = playbook.apply(batch, T1);

    assertThat(batch.operations()).containsExactly(new Operation.Merge(List.of("s-00001", "s-00002", "s-00003"), "",
        "same text once case, whitespace and punctuation are ignored"));
    assertThat(refined.active()).singleElement().satisfies(b -> {
      assertThat(b.id()).isEqualTo("s-00001");
      assertThat(b.content()).isEqualTo("Check types.");
      assertThat(List.of(b.helpful(), b.harmful(), b.neutral())).containsExactly(2, 1, 1);
      assertThat(b.mergedFrom()).containsExactly("s-00002", "s-00003");
    });
    assertThat(LexicalDeduplicator.create().findDuplicates(refined)).isEmpty();
  }

  @Test
  void refinementOfAPlaybookWithoutDuplicatesIsAnEmptyBatch() {
    assertThat(Refinement.mergeDuplicates(of(Add.of("S", "one"), Add.of("S", "two")), LexicalDeduplicator.create())
        .operations()).isEmpty();
  }
}

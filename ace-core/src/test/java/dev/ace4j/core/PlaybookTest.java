package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.Operation.Add;
import dev.ace4j.core.Operation.Merge;
import dev.ace4j.core.Operation.Remove;
import dev.ace4j.core.Operation.Tag;
import dev.ace4j.core.Operation.Update;
import dev.ace4j.core.Operation.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The delta operations, one by one, and the all-or-nothing rule of a batch. */
class PlaybookTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-26T11:00:00Z");

  private static Playbook withThree() {
    return Playbook.empty().apply(DeltaBatch.of(
        Add.of("STRATEGIES & INSIGHTS", "Check types before arithmetic"),
        Add.of("Common mistakes to avoid", "Off-by-one in range bounds"),
        Add.of("STRATEGIES & INSIGHTS", "Write the test first")), T0);
  }

  @Test
  void addGivesIdsFromOneGlobalCounterWithTheSectionsSlug() {
    Playbook playbook = withThree();

    assertThat(playbook.version()).isEqualTo(1);
    assertThat(playbook.bullets()).extracting(Bullet::id)
        .containsExactly("str-00001", "err-00002", "str-00003");
    assertThat(playbook.nextId()).isEqualTo(4);
    assertThat(playbook.sections()).containsExactly("STRATEGIES & INSIGHTS", "Common mistakes to avoid");
  }

  @Test
  void addToASectionSpelledDifferentlyJoinsTheExistingSection() {
    Playbook playbook = withThree().apply(DeltaBatch.of(Add.of("strategies and insights", "Name things well")), T1);

    assertThat(playbook.sections()).hasSize(2);
    assertThat(playbook.find("str-00004")).hasValueSatisfying(b ->
        assertThat(b.section()).isEqualTo("STRATEGIES & INSIGHTS"));
  }

  @Test
  void updateChangesContentAndRevisionButKeepsCounters() {
    Playbook playbook = withThree()
        .apply(DeltaBatch.of(Tag.of("str-00001", Verdict.HELPFUL)), T0)
        .apply(DeltaBatch.of(new Update("str-00001", "Check types and units before arithmetic", "")), T1);

    Bullet bullet = playbook.find("str-00001").orElseThrow();
    assertThat(bullet.content()).isEqualTo("Check types and units before arithmetic");
    assertThat(bullet.revision()).isEqualTo(2);
    assertThat(bullet.helpful()).isEqualTo(1);
    assertThat(bullet.updatedAt()).isEqualTo(T1);
    assertThat(bullet.createdAt()).isEqualTo(T0);
  }

  @Test
  void tagCountsEachVerdict() {
    Playbook playbook = withThree().apply(DeltaBatch.of(
        Tag.of("err-00002", Verdict.HELPFUL), Tag.of("err-00002", Verdict.HELPFUL),
        Tag.of("err-00002", Verdict.HARMFUL), Tag.of("err-00002", Verdict.NEUTRAL)), T1);

    Bullet bullet = playbook.find("err-00002").orElseThrow();
    assertThat(List.of(bullet.helpful(), bullet.harmful(), bullet.neutral())).containsExactly(2, 1, 1);
  }

  @Test
  void removeRetiresTheBulletButKeepsItInHistory() {
    Playbook playbook = withThree().apply(DeltaBatch.of(new Remove("str-00003", "superseded")), T1);

    assertThat(playbook.active()).extracting(Bullet::id).containsExactly("str-00001", "err-00002");
    assertThat(playbook.find("str-00003")).hasValueSatisfying(b -> assertThat(b.active()).isFalse());
  }

  @Test
  void mergeKeepsTheLowestIdSumsCountersAndRecordsLineage() {
    Playbook playbook = withThree()
        .apply(DeltaBatch.of(Tag.of("str-00001", Verdict.HELPFUL), Tag.of("str-00003", Verdict.HELPFUL),
            Tag.of("str-00003", Verdict.HARMFUL)), T0)
        .apply(DeltaBatch.of(new Merge(List.of("str-00003", "str-00001"), "Check types; write the test first", "")),
            T1);

    Bullet kept = playbook.find("str-00001").orElseThrow();
    assertThat(kept.content()).isEqualTo("Check types; write the test first");
    assertThat(List.of(kept.helpful(), kept.harmful())).containsExactly(2, 1);
    assertThat(kept.mergedFrom()).containsExactly("str-00003");
    assertThat(playbook.find("str-00003").orElseThrow().active()).isFalse();
  }

  @Test
  void appliesNothingWhenOneOperationOfTheBatchIsInvalid() {
    Playbook before = withThree();
    DeltaBatch batch = DeltaBatch.of(
        Add.of("OTHERS", "A fine new bullet"),
        Tag.of("str-00001", Verdict.HELPFUL),
        new Update("str-00099", "No such bullet", ""));

    assertThatThrownBy(() -> before.apply(batch, T1))
        .isInstanceOf(InvalidBatchException.class)
        .hasMessage("operation 3 (UPDATE str-00099): no such bullet str-00099")
        .satisfies(e -> assertThat(((InvalidBatchException) e).operationIndex()).isEqualTo(2));
    assertThat(before.version()).isEqualTo(1);
    assertThat(before.bullets()).hasSize(3);
  }

  @Test
  void refusesToChangeARemovedBulletOrMergeOneBulletWithItself() {
    Playbook playbook = withThree().apply(DeltaBatch.of(new Remove("str-00003", "")), T1);

    assertThatThrownBy(() -> playbook.apply(DeltaBatch.of(Tag.of("str-00003", Verdict.HELPFUL)), T1))
        .hasMessageContaining("was removed");
    assertThatThrownBy(() -> playbook.apply(DeltaBatch.of(new Merge(List.of("str-00001", "str-00001"), "", "")), T1))
        .hasMessageContaining("two or more distinct");
    assertThatThrownBy(() -> playbook.apply(DeltaBatch.of(Add.of("OTHERS", "  ")), T1))
        .hasMessageContaining("no content");
  }

  @Test
  void anImportedIdKeepsItsNumberAndTheCounterMovesPastIt() {
    Playbook playbook = Playbook.empty().apply(DeltaBatch.of(
        new Add("OTHERS", "Imported", Optional.of("misc-00042"), "")), T0)
        .apply(DeltaBatch.of(Add.of("OTHERS", "Next")), T1);

    assertThat(playbook.bullets()).extracting(Bullet::id).containsExactly("misc-00042", "misc-00043");
    assertThatThrownBy(() -> playbook.apply(DeltaBatch.of(
        new Add("STRATEGIES", "Same number", Optional.of("str-00042"), "")), T1))
        .hasMessageContaining("is not above the last id issued");
  }

  @Test
  void rejectsAPlaybookWithDuplicateIdsOrACounterBehindItsBullets() {
    Bullet bullet = Bullet.create("str-00001", "S", "x", T0, Provenance.none());

    assertThatThrownBy(() -> new Playbook(1, 2, List.of("S"), List.of(bullet, bullet)))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> new Playbook(1, 1, List.of("S"), List.of(bullet)))
        .hasMessageContaining("next id");
  }

  @Test
  void derivesSlugsLikeThePaper() {
    assertThat(Sections.slug("STRATEGIES & INSIGHTS")).isEqualTo("str");
    assertThat(Sections.slug("formulas and calculations")).isEqualTo("calc");
    assertThat(Sections.slug("Testing")).isEqualTo("test");
    assertThat(Sections.slug("API usage patterns")).isEqualTo("aup");
  }

  @Test
  void inMemoryStoreRollsBackToAnEarlierVersionAsANewVersion() {
    InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();
    store.apply(DeltaBatch.of(Add.of("OTHERS", "one")));
    Playbook v1 = store.current();
    store.apply(DeltaBatch.of(Add.of("OTHERS", "two"), new Remove("misc-00001", "")));

    Playbook rolledBack = store.rollback(1);

    assertThat(rolledBack.version()).isEqualTo(3);
    assertThat(rolledBack.bullets()).isEqualTo(v1.bullets());
    assertThat(store.diff(2, 3).added()).extracting(Bullet::id).containsExactly("misc-00001");
    assertThat(store.diff(2, 3).removed()).extracting(Bullet::id).containsExactly("misc-00002");
    assertThat(store.apply(DeltaBatch.of(Add.of("OTHERS", "three"))).active())
        .extracting(Bullet::id).containsExactly("misc-00001", "misc-00003");
  }
}

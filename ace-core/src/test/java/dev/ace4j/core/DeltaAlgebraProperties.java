package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.RandomBatches.Step;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.constraints.IntRange;

/** The delta algebra over random playbooks and batches, in memory and through the file store. */
class DeltaAlgebraProperties {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T00:00:00.000000001Z"), ZoneOffset.UTC);

  @Provide
  Arbitrary<List<List<Step>>> histories() {
    return RandomBatches.histories();
  }

  @Provide
  Arbitrary<List<Step>> batches() {
    return RandomBatches.batches();
  }

  @Property(tries = 200)
  void applyingThenRollingBackRestoresBulletsAndSectionsExactly(@ForAll("histories") List<List<Step>> before,
      @ForAll("histories") List<List<Step>> after) {
    try (TempFolder folder = new TempFolder()) {
      Path file = folder.path.resolve("playbook.json");
      for (PlaybookStore store : List.of(new InMemoryPlaybookStore(Playbook.empty(), CLOCK),
          FilePlaybookStore.open(file, CLOCK, 3))) {
        Playbook then = RandomBatches.grow(store, before).current();
        Playbook later = RandomBatches.grow(store, after).current();

        Playbook restored = store.rollback(then.version());

        assertThat(restored.bullets()).isEqualTo(then.bullets());
        assertThat(restored.sections()).isEqualTo(then.sections());
        assertThat(restored.version()).isEqualTo(later.version() + 1);
        assertThat(restored.nextId()).isEqualTo(later.nextId());
        store.close();
      }
      try (FilePlaybookStore reopened = FilePlaybookStore.open(file, CLOCK)) {
        Playbook then = reopened.at(before.size());
        assertThat(reopened.current().bullets()).isEqualTo(then.bullets());
        assertThat(reopened.current().sections()).isEqualTo(then.sections());
      }
    }
  }

  @Property(tries = 200)
  void aBatchWithOneInvalidOperationChangesNothing(@ForAll("histories") List<List<Step>> history,
      @ForAll("batches") List<Step> steps, @ForAll @IntRange(min = 0, max = 6) int invalidKind,
      @ForAll @IntRange(min = 0, max = 10) int position) {
    try (TempFolder folder = new TempFolder();
        FilePlaybookStore store = FilePlaybookStore.open(folder.path.resolve("playbook.json"), CLOCK, 2)) {
      Playbook before = RandomBatches.grow(store, history).current();
      List<Operation> operations = new ArrayList<>(RandomBatches.valid(steps, before).operations());
      int at = position % (operations.size() + 1);
      operations.add(at, RandomBatches.invalid(invalidKind, before));
      DeltaBatch batch = new DeltaBatch("one bad operation", operations, Provenance.none());
      Map<String, String> files = TempFolder.contents(folder.path);

      assertThatThrownBy(() -> before.apply(batch, CLOCK.instant())).isInstanceOf(InvalidBatchException.class)
          .extracting(e -> ((InvalidBatchException) e).operationIndex()).isEqualTo(at);
      assertThatThrownBy(() -> store.apply(batch)).isInstanceOf(InvalidBatchException.class);

      assertThat(store.current()).isEqualTo(before);
      assertThat(store.history()).hasSize((int) before.version());
      assertThat(TempFolder.contents(folder.path)).isEqualTo(files);
    }
  }

  @Property(tries = 200)
  void idsAreNeverIssuedTwiceAndTheirNumbersOnlyGrow(@ForAll("histories") List<List<Step>> history,
      @ForAll("rollbackPoints") List<Integer> rollbackPoints) {
    try (TempFolder folder = new TempFolder();
        FilePlaybookStore store = FilePlaybookStore.open(folder.path.resolve("playbook.json"), CLOCK, 4)) {
      for (int i = 0; i < history.size(); i++) {
        store.apply(RandomBatches.valid(history.get(i), store.current()));
        int point = rollbackPoints.get(i % rollbackPoints.size());
        if (point >= 0) {
          store.rollback(point % (store.current().version() + 1));
        }
      }
      Map<Long, String> idByNumber = new HashMap<>();
      long highest = 0;
      for (long version = 0; version <= store.current().version(); version++) {
        for (Bullet bullet : store.at(version).bullets()) {
          String known = idByNumber.putIfAbsent(bullet.number(), bullet.id());
          if (known == null) {
            assertThat(bullet.number()).as("new id %s after %s", bullet.id(), highest).isGreaterThan(highest);
            highest = bullet.number();
          } else {
            assertThat(bullet.id()).isEqualTo(known);
          }
        }
        assertThat(store.at(version).nextId()).isGreaterThan(highest);
      }
    }
  }

  @Provide
  Arbitrary<List<Integer>> rollbackPoints() {
    return Arbitraries.integers().between(-3, 20).list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 200)
  void countersNeverGoNegativeAndEachTagCountsOnce(@ForAll("histories") List<List<Step>> history,
      @ForAll("batches") List<Step> steps) {
    InMemoryPlaybookStore store = RandomBatches.grow(new InMemoryPlaybookStore(Playbook.empty(), CLOCK), history);
    Playbook before = store.current();
    DeltaBatch batch = RandomBatches.valid(steps, before);
    boolean tagsOnly = batch.operations().stream().allMatch(op -> op instanceof Operation.Tag);

    Playbook after = store.apply(batch);

    for (long version = 0; version <= after.version(); version++) {
      assertThat(store.at(version).bullets()).allSatisfy(b -> {
        assertThat(b.helpful()).isNotNegative();
        assertThat(b.harmful()).isNotNegative();
        assertThat(b.neutral()).isNotNegative();
      });
    }
    if (tagsOnly) {
      assertThat(total(after) - total(before)).isEqualTo(batch.operations().size());
    }
  }

  @Property(tries = 200)
  void exportingThenImportingLosesNothing(@ForAll("histories") List<List<Step>> history) {
    Playbook playbook = RandomBatches.grow(new InMemoryPlaybookStore(Playbook.empty(), CLOCK), history).current();

    Playbook imported = PlaybookJson.read(PlaybookJson.write(playbook), "export.json");

    assertThat(imported).isEqualTo(playbook);
  }

  private static long total(Playbook playbook) {
    return playbook.bullets().stream().mapToLong(b -> (long) b.helpful() + b.harmful() + b.neutral()).sum();
  }

}

package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePlaybookStoreTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path folder;

  private Path file() {
    return folder.resolve("playbook.json");
  }

  private static DeltaBatch add(String content) {
    return DeltaBatch.of(Operation.Add.of("Strategies & Insights", content));
  }

  @Test
  void createsAnEmptyPlaybookWhenTheFileIsAbsent() {
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      assertThat(store.current()).isEqualTo(Playbook.empty());
      assertThat(PlaybookJson.read(file())).isEqualTo(Playbook.empty());
      assertThat(store.history()).isEmpty();
    }
  }

  @Test
  void createsTheFoldersOfANewPlaybook() {
    Path nested = folder.resolve("a").resolve("b").resolve("playbook.json");
    try (FilePlaybookStore store = FilePlaybookStore.open(nested, CLOCK)) {
      store.apply(add("Check the edge cases first."));
    }
    assertThat(PlaybookJson.read(nested).active()).hasSize(1);
  }

  @Test
  void keepsEveryAppliedBatchAcrossReopening() {
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      store.apply(add("first"));
      store.apply(add("second"));
    }
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      assertThat(store.current().version()).isEqualTo(2);
      assertThat(store.current().active()).extracting(Bullet::content).containsExactly("first", "second");
      assertThat(store.history()).extracting(PlaybookStore.Version::version).containsExactly(1L, 2L);
      assertThat(store.at(1).active()).extracting(Bullet::content).containsExactly("first");
      assertThat(store.diff(1, 2).added()).extracting(Bullet::content).containsExactly("second");
    }
  }

  @Test
  void rebuildsOldVersionsFromPeriodicSnapshotsAndTheLog() {
    InMemoryPlaybookStore memory = new InMemoryPlaybookStore(Playbook.empty(), CLOCK);
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK, 4)) {
      for (int i = 0; i < 11; i++) {
        store.apply(add("bullet " + i));
        memory.apply(add("bullet " + i));
      }
      store.rollback(5);
      memory.rollback(5);
      store.apply(add("after rollback"));
      memory.apply(add("after rollback"));
    }
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK, 4)) {
      for (long version = 0; version <= 13; version++) {
        assertThat(store.at(version)).as("version %d", version).isEqualTo(memory.at(version));
      }
      assertThat(store.history().get(11).batch().reasoning()).isEqualTo("rollback to 5");
    }
    assertThat(folder.resolve("playbook.json.versions")).isDirectoryContaining("glob:**/0000000008.json")
        .isDirectoryContaining("glob:**/0000000000.json").isDirectoryNotContaining("glob:**/0000000007.json");
  }

  @Test
  void namesTheVersionsThatExistWhenAskedForAnother() {
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      store.apply(add("first"));
      assertThatThrownBy(() -> store.at(5)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("versions are 0 to 1");
    }
  }

  @Test
  void writesNothingWhenAnOperationNamesABulletThatDoesNotExist() {
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      store.apply(add("first"));
      Map<String, String> before = TempFolder.contents(folder);

      assertThatThrownBy(() -> store.apply(DeltaBatch.of(Operation.Add.of("Testing", "fine"),
          Operation.Tag.of("str-00042", Operation.Verdict.HELPFUL))))
          .isInstanceOf(InvalidBatchException.class).hasMessageContaining("no such bullet str-00042");

      assertThat(TempFolder.contents(folder)).isEqualTo(before);
      assertThat(store.current().version()).isEqualTo(1);
    }
  }

  @Test
  void refusesAMalformedFileWithoutWritingAnything() throws Exception {
    for (String content : List.of("{\"format\": \"ace4j-playbook\", \"format_version\": 1, \"vers",
        PlaybookJson.write(Playbook.empty()).replace("\"format_version\" : 1", "\"format_version\" : 7"))) {
      Files.writeString(file(), content);

      assertThatThrownBy(() -> FilePlaybookStore.open(file(), CLOCK)).isInstanceOf(PlaybookFormatException.class)
          .hasMessageStartingWith(file().toString() + ": ").message().doesNotContain("\n");

      assertThat(TempFolder.contents(folder)).isEqualTo(Map.of("playbook.json", content));
    }
  }

  @Test
  void replaysALogLineWhoseSnapshotWasNeverWritten() throws Exception {
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      store.apply(add("first"));
    }
    byte[] snapshotAtOne = Files.readAllBytes(file());
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      store.apply(add("second"));
    }
    Files.write(file(), snapshotAtOne); // as if the process died after the log append, before the rename

    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      assertThat(store.current().active()).extracting(Bullet::content).containsExactly("first", "second");
    }
    assertThat(PlaybookJson.read(file()).version()).isEqualTo(2);
  }

  @Test
  void ignoresAndCutsOffATornLastLogLine() throws Exception {
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      store.apply(add("first"));
    }
    Path log = folder.resolve("playbook.json.log");
    String clean = Files.readString(log);
    Files.writeString(log, clean + "{\"version\":2,\"applied_at\":\"2026-02-", StandardCharsets.UTF_8);

    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      assertThat(store.current().version()).isEqualTo(1);
      assertThat(Files.readString(log)).isEqualTo(clean);
      assertThat(store.apply(add("second")).version()).isEqualTo(2);
    }
  }

  @Test
  void refusesALogDamagedBeforeItsLastLine() throws Exception {
    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      store.apply(add("first"));
      store.apply(add("second"));
    }
    Path log = folder.resolve("playbook.json.log");
    Files.writeString(log, "garbage\n" + Files.readString(log));

    assertThatThrownBy(() -> FilePlaybookStore.open(file(), CLOCK)).isInstanceOf(PlaybookFormatException.class)
        .hasMessageContaining("line 1 is not a valid log entry");
  }

  @Test
  void seesWhatAnotherStoreOnTheSameFileApplied() {
    try (FilePlaybookStore one = FilePlaybookStore.open(file(), CLOCK);
        FilePlaybookStore two = FilePlaybookStore.open(file(), CLOCK)) {
      one.apply(add("from one"));
      two.apply(add("from two"));

      assertThat(one.current().active()).extracting(Bullet::content).containsExactly("from one", "from two");
      assertThat(one.history()).hasSize(2);
    }
  }

  @Test
  void startsTheHistoryOfAnImportedFileAtItsVersion() {
    Playbook imported = Playbook.empty().apply(add("a"), CLOCK.instant()).apply(add("b"), CLOCK.instant());
    PlaybookJson.write(imported, file());

    try (FilePlaybookStore store = FilePlaybookStore.open(file(), CLOCK)) {
      store.apply(add("c"));
      assertThat(store.at(2)).isEqualTo(imported);
      assertThatThrownBy(() -> store.at(1)).hasMessageContaining("versions are 2 to 3");
    }
  }
}

package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookJsonTest {
  private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

  private static Playbook sample() {
    return Playbook.empty()
        .apply(new DeltaBatch("r", List.of(Operation.Add.of("Strategies & Insights", "Check types first"),
            Operation.Add.of("Testing", "Run the \"visible\" tests\nbefore returning"),
            Operation.Add.of("Testing", "Same as the first")), Provenance.of("task-1", "run-1")), NOW)
        .apply(DeltaBatch.of(Operation.Tag.of("str-00001", Operation.Verdict.HELPFUL),
            new Operation.Merge(List.of("test-00002", "test-00003"), "", "duplicates")), NOW.plusSeconds(1));
  }

  @Test
  void writesTheKaybaShapeWithAce4jFieldsAndBulletsInOrder() {
    String json = PlaybookJson.write(sample());

    assertThat(json).contains("\"format\" : \"ace4j-playbook\"", "\"format_version\" : 1", "\"next_id\" : 4",
        "\"helpful\" : 1", "\"status\" : \"removed\"", "\"merged_from\" : [ \"test-00003\" ]",
        "\"task_id\" : \"task-1\"", "\"Testing\" : [ \"test-00002\", \"test-00003\" ]");
    assertThat(json.indexOf("\"str-00001\" : {")).isLessThan(json.indexOf("\"test-00002\" : {"));
  }

  @Test
  void readsBackExactlyWhatItWrote() {
    Playbook playbook = sample();

    assertThat(PlaybookJson.read(PlaybookJson.write(playbook), "p.json")).isEqualTo(playbook);
  }

  @Test
  void readsSectionsGivenAsAPlainList() {
    String json = PlaybookJson.write(sample()).replaceAll("\"sections\" : \\{[^}]*\\}",
        "\"sections\" : [\"Strategies & Insights\", \"Testing\"]");

    assertThat(PlaybookJson.read(json, "p.json")).isEqualTo(sample());
  }

  @Test
  void rejectsTruncatedJsonNamingTheFile() {
    String json = PlaybookJson.write(sample());

    assertFormatError(json.substring(0, json.length() / 2), "p.json: truncated JSON");
  }

  @Test
  void rejectsAnUnknownFormatVersion() {
    assertFormatError(PlaybookJson.write(sample()).replace("\"format_version\" : 1", "\"format_version\" : 2"),
        "p.json: format_version is 2 but this ace4j reads only 1");
  }

  @Test
  void rejectsADuplicateBulletId() {
    String json = PlaybookJson.write(sample());
    String bullet = json.substring(json.indexOf("\"str-00001\" : {"), json.indexOf("\"test-00002\" : {"));

    assertFormatError(json.replace(bullet, bullet + bullet), "p.json: invalid JSON at line");
    assertFormatError(json.replace(bullet, bullet + bullet), "duplicate key 'str-00001'");
  }

  @Test
  void rejectsANegativeCounterNamingTheField() {
    assertFormatError(PlaybookJson.write(sample()).replace("\"helpful\" : 1", "\"helpful\" : -1"),
        "p.json: bullets.str-00001.helpful is -1; it must be 0 or more");
  }

  @Test
  void rejectsABulletStoredUnderAnotherId() {
    assertFormatError(PlaybookJson.write(sample()).replace("\"id\" : \"str-00001\"", "\"id\" : \"str-00009\""),
        "bullets.str-00001.id is 'str-00009'");
  }

  @Test
  void rejectsANextIdThatWouldReissueAnId() {
    assertFormatError(PlaybookJson.write(sample()).replace("\"next_id\" : 4", "\"next_id\" : 2"),
        "next id 2 is not above its highest bullet number 3");
  }

  @Test
  void rejectsAFileThatIsNotAnAce4jPlaybook() {
    assertFormatError("{\"bullets\": {}, \"sections\": {}, \"next_id\": 1}", "not an ace4j playbook");
    assertFormatError("", "the file is empty");
  }

  @Test
  void writesFilesAtomicallyAndReadsThemBack(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("playbook.json");

    PlaybookJson.write(sample(), file);

    assertThat(PlaybookJson.read(file)).isEqualTo(sample());
    try (var files = Files.list(folder)) {
      assertThat(files).containsExactly(file);
    }
  }

  private static void assertFormatError(String json, String message) {
    assertThatThrownBy(() -> PlaybookJson.read(json, "p.json")).isInstanceOf(PlaybookFormatException.class)
        .hasMessageContaining(message).message().doesNotContain("\n");
  }
}

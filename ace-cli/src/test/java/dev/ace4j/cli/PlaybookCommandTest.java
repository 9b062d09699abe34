package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.core.Bullet;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookJson;
import dev.ace4j.core.Sections;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ace playbook}: import in every shape, export, re-import, show, search, diff, history and rollback. */
class PlaybookCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private Map<String, String> environment() {
    return Map.of("ACE4J_HOME", home.toString());
  }

  private AceRun ace(String... args) {
    return AceRun.withEnvironment(environment(), args);
  }

  /** A fixture of src/test/resources/dev/ace4j/cli/playbooks, copied into the test's folder. */
  private Path fixture(String name) {
    Path copy = home.resolve("in").resolve(name);
    try (InputStream in = PlaybookCommandTest.class.getResourceAsStream("playbooks/" + name)) {
      Files.createDirectories(copy.getParent());
      Files.write(copy, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }

  private Path defaultPlaybook() {
    return home.resolve("playbooks").resolve("default.json");
  }

  /** What a format can carry of each active bullet, section by section, as comparable text. */
  private static List<String> carried(Playbook playbook, boolean neutral) {
    return playbook.bySection().values().stream().flatMap(List::stream).map(b -> Sections.key(b.section()) + " | " + b.content() + " | " + b.helpful()
        + " " + b.harmful() + (neutral ? " " + b.neutral() : "")).toList();
  }

  private static AceRun expectOk(AceRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ace4j.json", "kayba-bullets-v0.6.json", "kayba-skills-v0.8.json", "paper.txt",
      "strategies.json"})
  void importsEveryShapeAsOneVersionWithSectionsContentAndCounters(String name) {
    Path file = fixture(name);

    AceRun run = expectOk(ace("playbook", "import", file.toString()));

    Playbook expected = PlaybookFiles.read("test", file);
    Playbook imported = PlaybookJson.read(defaultPlaybook());
    assertThat(carried(imported, true)).isEqualTo(carried(expected, true)).isNotEmpty();
    assertThat(imported.version()).isEqualTo(1);
    assertThat(imported.active()).extracting(Bullet::id).isEqualTo(expected.active().stream().map(Bullet::id).toList());
    assertThat(run.out()).contains("imported " + Plural.of(expected.active().size(), "bullet"), "as version 1");
  }

  @ParameterizedTest
  @CsvSource({"ace4j.json, json, true", "ace4j.json, kayba, true", "ace4j.json, text, false",
      "kayba-skills-v0.8.json, kayba, true", "kayba-bullets-v0.6.json, json, true", "paper.txt, text, false",
      "strategies.json, json, true", "strategies.json, kayba, true"})
  void anExportReimportsWithNothingTheFormatHoldsLost(String name, String format, boolean holdsNeutral) {
    expectOk(ace("playbook", "import", fixture(name).toString()));
    Path exported = home.resolve("exported." + format);
    expectOk(ace("playbook", "export", "--format", format, "--out", exported.toString()));
    Path again = home.resolve("again.json");

    expectOk(ace("playbook", "import", exported.toString(), "--playbook", again.toString()));

    assertThat(carried(PlaybookJson.read(again), holdsNeutral))
        .isEqualTo(carried(PlaybookJson.read(defaultPlaybook()), holdsNeutral));
    assertThat(PlaybookJson.read(again).sections()).isEqualTo(PlaybookJson.read(defaultPlaybook()).sections());
  }

  @Test
  void aKaybaExportIsASkillbookThatReadsBackAsSkillsAndVersion06GetsBullets() throws IOException {
    expectOk(ace("playbook", "import", fixture("ace4j.json").toString()));

    JsonNode skills = JSON.readTree(expectOk(ace("playbook", "export", "--format", "kayba")).out());
    JsonNode bullets = JSON.readTree(expectOk(ace("playbook", "export", "--format", "kayba", "--kayba-version",
        "0.6")).out());

    assertThat(skills.has("bullets")).isFalse();
    assertThat(skills.get("skills").size()).isEqualTo(3);
    assertThat(skills.at("/skills/str-00001/helpful").asInt()).isEqualTo(4);
    assertThat(skills.at("/sections/Strategies & Insights").size()).isEqualTo(2);
    assertThat(bullets.has("skills")).isFalse();
    assertThat(bullets.get("bullets").size()).isEqualTo(3);
  }

  @Test
  void rollbackToAVersionThatDoesNotExistExits2WithOneLineAndWritesNothing() throws IOException {
    expectOk(ace("playbook", "import", fixture("ace4j.json").toString()));
    byte[] playbook = Files.readAllBytes(defaultPlaybook());
    byte[] log = Files.readAllBytes(home.resolve("playbooks/default.json.log"));

    AceRun run = ace("playbook", "rollback", "7");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("rollback 7", "no version 7", "0 to 1");
    assertThat(Files.readAllBytes(defaultPlaybook())).isEqualTo(playbook);
    assertThat(Files.readAllBytes(home.resolve("playbooks/default.json.log"))).isEqualTo(log);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "broken.json | not valid JSON",
      "not-strategies.json | [0] is not a strategy",
      "empty.json | the file is empty"})
  void aMalformedImportExits2WithOneLineNamingTheFileAndWritesNothing(String name, String problem)
      throws IOException {
    expectOk(ace("playbook", "import", fixture("paper.txt").toString()));
    byte[] before = Files.readAllBytes(defaultPlaybook());
    Path file = fixture(name);

    AceRun run = ace("playbook", "import", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains(file.toString(), problem);
    assertThat(run.out()).isEmpty();
    assertThat(Files.readAllBytes(defaultPlaybook())).isEqualTo(before);
    assertThat(expectOk(ace("playbook", "history")).out().lines()).hasSize(1);
  }

  @Test
  void anImportWhoseCountersWouldMakeMoreTagsThanTheCapIsRefusedWritingNothing() throws IOException {
    Path file = home.resolve("huge.json");
    Files.writeString(file, "[{\"strategy\": \"s\", \"context\": \"c\", \"successes\": "
        + (PlaybookImport.MAX_COUNTS + 1) + ", \"failures\": 0}]");

    AceRun run = ace("playbook", "import", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("huge.json", "more than the 100000");
    assertThat(home.resolve("playbooks")).doesNotExist();
  }

  @Test
  void aMalformedImportIntoANewPlaybookCreatesNoFile() {
    AceRun run = ace("playbook", "import", fixture("broken.json").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(home.resolve("playbooks")).doesNotExist();
  }

  @Test
  void showsBulletsBySectionWithCountersAndNoEscapeCodesUnderNoColor() {
    expectOk(ace("playbook", "import", fixture("ace4j.json").toString()));

    AceRun plain = expectOk(AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString(), "FORCE_COLOR", "1",
        "NO_COLOR", "1"), "playbook", "show"));
    AceRun coloured = expectOk(AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString(), "FORCE_COLOR", "1"),
        "playbook", "show"));

    assertThat(plain.out()).doesNotContain("\u001b").containsSubsequence(
        "## Strategies & Insights",
        "[str-00001] helpful=4 harmful=1 neutral=2 :: Read the visible tests before writing the function.",
        "[str-00003] helpful=0 harmful=0 neutral=1 :: Handle the empty input first.",
        "## Common Mistakes To Avoid",
        "[err-00002] helpful=2 harmful=0 neutral=0 :: Do not print the answer; return it.");
    assertThat(coloured.out()).contains("\u001b[");
  }

  @Test
  void showsOneSectionByItsKey() throws IOException {
    expectOk(ace("playbook", "import", fixture("ace4j.json").toString()));

    JsonNode shown = JSON.readTree(expectOk(ace("playbook", "show", "--section", "common mistakes to avoid",
        "--json")).out());

    assertThat(shown.at("/sections/0/name").asText()).isEqualTo("Common Mistakes To Avoid");
    assertThat(shown.get("sections").size()).isEqualTo(1);
  }

  @Test
  void searchRanksBulletsByTheWordsTheyShareWithTheQuery() {
    expectOk(ace("playbook", "import", fixture("ace4j.json").toString()));

    AceRun run = expectOk(ace("playbook", "search", "empty", "input"));
    AceRun none = expectOk(ace("playbook", "search", "kubernetes"));

    assertThat(run.out().lines().toList()).singleElement().asString()
        .contains("[str-00003]", "Handle the empty input first.").startsWith("  7");
    assertThat(none.out()).startsWith("no bullet matches");
  }

  @Test
  void historyListsTheImportAndRollbackRestoresAVersionAsANewOne() throws IOException {
    expectOk(ace("playbook", "import", fixture("paper.txt").toString()));
    expectOk(ace("playbook", "import", fixture("strategies.json").toString()));

    AceRun rollback = expectOk(ace("playbook", "rollback", "1"));
    JsonNode history = JSON.readTree(expectOk(ace("playbook", "history", "--json")).out());

    assertThat(rollback.out()).contains("restored version 1", "as version 3", "3 bullets");
    assertThat(history.get("versions")).hasSize(3);
    assertThat(history.at("/versions/0/operations/ADD").asInt()).isEqualTo(3);
    assertThat(history.at("/versions/0/operations/TAG").asInt()).isEqualTo(16);
    assertThat(history.at("/versions/2/reasoning").asText()).isEqualTo("rollback to 1");
    assertThat(carried(PlaybookJson.read(defaultPlaybook()), true))
        .isEqualTo(carried(PlaybookFiles.read("test", fixture("paper.txt")), true));
  }

  @Test
  void diffShowsWhatAVersionAddedAndWhatAFileHasThatThePlaybookHasNot() {
    expectOk(ace("playbook", "import", fixture("paper.txt").toString()));
    expectOk(ace("playbook", "import", fixture("kayba-skills-v0.8.json").toString()));

    AceRun versions = expectOk(ace("playbook", "diff", "1", "2"));
    AceRun files = expectOk(ace("playbook", "diff", fixture("paper.txt").toString(),
        fixture("kayba-skills-v0.8.json").toString()));

    assertThat(versions.out()).startsWith("v1 → v2: 2 added, 0 removed, 0 changed").contains(
        "+ [css-00004] customer_service_structure :: Restate the customer's problem");
    assertThat(files.out()).contains("2 added, 3 removed");
  }

  @Test
  void importingTheSameFileTwiceAddsNothingAndIdsTakenAreRenumbered() {
    expectOk(ace("playbook", "import", fixture("paper.txt").toString()));

    AceRun again = expectOk(ace("playbook", "import", fixture("paper.txt").toString()));
    AceRun other = expectOk(ace("playbook", "import", fixture("strategies.json").toString()));

    assertThat(again.out()).contains("imported 0 bullets", "(no change)", "3 already present, skipped");
    assertThat(other.out()).contains("imported 4 bullets", "as version 2", "4 renumbered");
    assertThat(PlaybookJson.read(defaultPlaybook()).active()).extracting(Bullet::id)
        .contains("seh-00004", "fibo-00005", "misc-00006", "seh-00007");
  }

  @Test
  void commandsOnAPlaybookThatDoesNotExistSayHowToMakeOne() {
    AceRun run = ace("playbook", "show");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("no playbook there yet", "ace playbook import");
    assertThat(home.resolve("playbooks")).doesNotExist();
  }
}

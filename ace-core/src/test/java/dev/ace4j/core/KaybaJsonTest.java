package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading kayba's playbook and skillbook files of every era, and writing the skills and bullets shapes. */
class KaybaJsonTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  static String fixture(String name) {
    try (InputStream in = KaybaJsonTest.class.getResourceAsStream("kayba/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void readsAV06PlaybookWithIdsSectionsCountersTimestampsAndStatus() {
    Playbook playbook = KaybaJson.read(fixture("playbook-v0.6.json"), "playbook-v0.6.json");

    assertThat(playbook.version()).isEqualTo(1);
    assertThat(playbook.sections()).containsExactly("factual_questions", "math");
    assertThat(playbook.bullets()).extracting(Bullet::id)
        .containsExactly("factual_questions-00001", "math-00002", "factual_questions-00003");
    Bullet first = playbook.find("factual_questions-00001").orElseThrow();
    assertThat(first.content()).isEqualTo("Check the question's units before answering.");
    assertThat(List.of(first.helpful(), first.harmful(), first.neutral())).containsExactly(5, 1, 2);
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2025-10-01T09:15:02.123456Z"));
    assertThat(first.updatedAt()).isEqualTo(Instant.parse("2025-10-03T17:40:11.654321Z"));
    assertThat(playbook.find("factual_questions-00003").orElseThrow().status()).isEqualTo(Bullet.Status.REMOVED);
    assertThat(playbook.active()).hasSize(2);
  }

  @Test
  void continuesKaybasCounterSoNewIdsNeverReuseANumber() {
    Playbook playbook = KaybaJson.read(fixture("skillbook-v0.8.json"), "skillbook-v0.8.json");

    // kayba's next_id 9 is the last number it handed out.
    assertThat(playbook.nextId()).isEqualTo(10);
    Playbook added = playbook.apply(DeltaBatch.of(Operation.Add.of("escalation", "Log every refund.")), T0);
    assertThat(added.bullets().get(2).id()).isEqualTo("esca-00010");
  }

  @Test
  void readsAV08SkillbookWithJustificationEvidenceAndSourcesAsProvenance() {
    Playbook playbook = KaybaJson.read(fixture("skillbook-v0.8.json"), "skillbook-v0.8.json");

    assertThat(playbook.sections()).containsExactly("escalation", "customer_service_structure");
    Bullet greet = playbook.find("customer_service_structure-00001").orElseThrow();
    assertThat(greet.helpful()).isEqualTo(1);
    assertThat(greet.provenance()).isEqualTo(new Provenance("", "opik:0193a6f1-77aa", "ADD",
        "Agents that restated the problem resolved tickets faster."
            + " (evidence: Ticket 4411 was resolved in one reply after restating.)"));
    Bullet escalate = playbook.find("escalation-00007").orElseThrow();
    assertThat(List.of(escalate.helpful(), escalate.harmful(), escalate.neutral())).containsExactly(0, 2, 1);
    assertThat(escalate.provenance()).isEqualTo(new Provenance("", "", "IMPORT", "Policy requires it."));
  }

  @Test
  void readsAHeadSkillbookWithoutCountersAsZero() {
    Playbook playbook = KaybaJson.read(fixture("skillbook-head.json"), "skillbook-head.json");

    assertThat(playbook.active()).extracting(Bullet::id)
        .containsExactly("web_navigation-00001", "web_navigation-00002");
    assertThat(playbook.active()).allSatisfy(b -> {
      assertThat(b.helpful()).isZero();
      assertThat(b.harmful()).isZero();
      assertThat(b.neutral()).isZero();
    });
    assertThat(playbook.find("web_navigation-00001").orElseThrow().provenance().runId())
        .isEqualTo("browser_use:run-17");
    assertThat(playbook.nextId()).isEqualTo(3);
  }

  @Test
  void readsAnOldFileWithoutStatusWithNaiveTimestampsAndTheSectionOnlyInTheSectionsMap() {
    String json = """
        {"bullets": {"general-00001": {"id": "general-00001", "content": "Be brief.",
           "created_at": "2025-05-01T08:00:00.5", "updated_at": "2025-05-02T08:00:00"}},
         "sections": {"general": ["general-00001"]}, "next_id": 1}
        """;

    Bullet bullet = KaybaJson.read(json, "old.json").find("general-00001").orElseThrow();

    assertThat(bullet.section()).isEqualTo("general");
    assertThat(bullet.active()).isTrue();
    assertThat(bullet.createdAt()).isEqualTo(Instant.parse("2025-05-01T08:00:00.5Z"));
  }

  @Test
  void readsAFileWithoutBulletsAsTheEmptyVersionZero() {
    Playbook playbook = KaybaJson.read("{\"skills\": {}, \"sections\": {}, \"next_id\": 0}", "empty.json");

    assertThat(playbook).isEqualTo(Playbook.empty());
  }

  @Test
  void writesTheSkillsShapeThatKaybaV07AndLaterRead() throws IOException {
    Playbook playbook = KaybaJson.read(fixture("playbook-v0.6.json"), "in.json");

    JsonNode written = new ObjectMapper().readTree(KaybaJson.write(playbook));

    assertThat(written.has("bullets")).isFalse();
    assertThat(iterable(written.get("skills").fieldNames()))
        .containsExactly("factual_questions-00001", "math-00002", "factual_questions-00003");
    assertThat(iterable(written.at("/skills/math-00002").fieldNames())).containsExactly("id", "section", "content",
        "helpful", "harmful", "neutral", "created_at", "updated_at", "embedding", "status");
    assertThat(written.at("/sections/factual_questions").toString()).isEqualTo("[\"factual_questions-00001\"]");
    assertThat(written.get("next_id").asLong()).isEqualTo(3);
  }

  @Test
  void aSkillsExportReadsBackAsSkillsWithEveryBulletCounterAndTime() {
    Playbook playbook = KaybaJson.read(fixture("playbook-v0.6.json"), "in.json");

    Playbook again = KaybaJson.read(KaybaJson.write(playbook, KaybaJson.Shape.SKILLS), "out.json");

    assertThat(again.sections()).isEqualTo(playbook.sections());
    assertThat(again.nextId()).isEqualTo(playbook.nextId());
    assertThat(again.bullets()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("provenance")
        .isEqualTo(playbook.bullets());
  }

  @Test
  void picksBulletsForKaybaBefore07AndSkillsFrom07On() {
    assertThat(KaybaJson.Shape.forKaybaVersion("0.6")).isEqualTo(KaybaJson.Shape.BULLETS);
    assertThat(KaybaJson.Shape.forKaybaVersion("0.1.0")).isEqualTo(KaybaJson.Shape.BULLETS);
    assertThat(KaybaJson.Shape.forKaybaVersion("0.7")).isEqualTo(KaybaJson.Shape.SKILLS);
    assertThat(KaybaJson.Shape.forKaybaVersion("v0.9.7")).isEqualTo(KaybaJson.Shape.SKILLS);
    assertThat(KaybaJson.Shape.forKaybaVersion("1.0")).isEqualTo(KaybaJson.Shape.SKILLS);
  }

  @Test
  void refusesAKaybaVersionThatIsNotANumber() {
    assertThatThrownBy(() -> KaybaJson.Shape.forKaybaVersion("latest"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'latest'");
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Test
  void writesTheV06ShapeThatReadsBackTheSame() {
    Playbook playbook = KaybaJson.read(fixture("skillbook-v0.8.json"), "in.json");

    String written = KaybaJson.write(playbook, KaybaJson.Shape.BULLETS);
    Playbook again = KaybaJson.read(written, "out.json");

    assertThat(written).contains("\"bullets\"").doesNotContain("\"skills\"").contains("+00:00");
    assertThat(again.nextId()).isEqualTo(playbook.nextId());
    assertThat(again.sections()).isEqualTo(playbook.sections());
    assertThat(again.bullets()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("provenance")
        .isEqualTo(playbook.bullets());
  }

  @Test
  void writesRemovedBulletsAsInvalidAndLeavesThemOutOfSections() {
    Playbook playbook = KaybaJson.read(fixture("playbook-v0.6.json"), "in.json");

    String written = KaybaJson.write(playbook, KaybaJson.Shape.BULLETS);

    assertThat(written).contains("\"status\" : \"invalid\"");
    assertThat(KaybaJson.read(written, "out.json").find("factual_questions-00003").orElseThrow().active()).isFalse();
    assertThat(written).containsSubsequence("\"sections\"", "\"factual_questions\" : [ \"factual_questions-00001\" ]");
  }

  @Test
  void rejectsTruncatedJsonNamingTheSourceAndLine() {
    String truncated = fixture("playbook-v0.6.json").substring(0, 200);

    assertThatThrownBy(() -> KaybaJson.read(truncated, "cut.json"))
        .isInstanceOf(PlaybookFormatException.class).hasMessageStartingWith("cut.json: not valid JSON");
  }

  @Test
  void rejectsJsonThatIsNotAKaybaPlaybook() {
    assertThatThrownBy(() -> KaybaJson.read("{\"playbook\": []}", "other.json"))
        .isInstanceOf(PlaybookFormatException.class)
        .hasMessage("other.json: neither \"bullets\" (kayba v0.1–0.6) nor \"skills\" (v0.7+) found;"
            + " is this a kayba playbook?");
  }

  @Test
  void rejectsADuplicateIdInTheFile() {
    String json = """
        {"bullets": {"a-00001": {"section": "a", "content": "x"}, "a-00001": {"section": "a", "content": "y"}}}
        """;

    assertThatThrownBy(() -> KaybaJson.read(json, "dup.json"))
        .isInstanceOf(PlaybookFormatException.class).hasMessageContaining("dup.json").hasMessageContaining("a-00001");
  }

  @Test
  void rejectsTwoIdsWithTheSameNumber() {
    String json = """
        {"bullets": {"a-00001": {"section": "a", "content": "x"}, "b-00001": {"section": "b", "content": "y"}}}
        """;

    assertThatThrownBy(() -> KaybaJson.read(json, "same.json"))
        .isInstanceOf(PlaybookFormatException.class).hasMessageContaining("share the id number 1");
  }

  @Test
  void rejectsAnIdThatIsNotASlugAndNumber() {
    String json = "{\"bullets\": {\"Q&A-00001\": {\"section\": \"Q&A\", \"content\": \"x\"}}}";

    assertThatThrownBy(() -> KaybaJson.read(json, "ids.json"))
        .isInstanceOf(PlaybookFormatException.class).hasMessageContaining("'Q&A-00001'")
        .hasMessageContaining("slug-00001");
  }

  @Test
  void rejectsNegativeCountersUnknownStatusesAndBadTimestamps() {
    String negative = "{\"bullets\": {\"a-00001\": {\"section\": \"a\", \"content\": \"x\", \"harmful\": -1}}}";
    String status = "{\"bullets\": {\"a-00001\": {\"section\": \"a\", \"content\": \"x\", \"status\": \"gone\"}}}";
    String time = "{\"bullets\": {\"a-00001\": {\"section\": \"a\", \"content\": \"x\", \"created_at\": \"May\"}}}";

    assertThatThrownBy(() -> KaybaJson.read(negative, "f")).hasMessage(
        "f: bullet a-00001 has harmful = -1; expected a whole number, 0 or more");
    assertThatThrownBy(() -> KaybaJson.read(status, "f")).hasMessage(
        "f: bullet a-00001 has status 'gone'; expected active or invalid");
    assertThatThrownBy(() -> KaybaJson.read(time, "f")).hasMessage(
        "f: bullet a-00001 has created_at 'May', not an ISO-8601 date-time");
  }

  @Test
  void rejectsABulletWithoutContent() {
    String json = "{\"bullets\": {\"a-00001\": {\"section\": \"a\", \"content\": \"  \"}}}";

    assertThatThrownBy(() -> KaybaJson.read(json, "f"))
        .isInstanceOf(PlaybookFormatException.class).hasMessage("f: bullet a-00001 has no content");
  }
}

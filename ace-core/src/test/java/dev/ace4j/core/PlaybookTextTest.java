package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.Operation.Add;
import dev.ace4j.core.Operation.Remove;
import dev.ace4j.core.Operation.Tag;
import dev.ace4j.core.Operation.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper's text format, read and written. */
class PlaybookTextTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void readsThePapersExample() {
    String text = """
        ## STRATEGIES & INSIGHTS
        [str-00001] helpful=5 harmful=0 :: Always verify data types before processing
        ## FORMULAS & CALCULATIONS
        [cal-00003] helpful=8 harmful=0 :: NPV = Σ(Cash Flow / (1+r)^t)
        """;

    Playbook playbook = PlaybookText.read(text, "paper.txt", T0);

    assertThat(playbook.sections()).containsExactly("STRATEGIES & INSIGHTS", "FORMULAS & CALCULATIONS");
    assertThat(playbook.bullets()).extracting(Bullet::id, Bullet::section, Bullet::helpful, Bullet::content)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("str-00001", "STRATEGIES & INSIGHTS", 5,
                "Always verify data types before processing"),
            org.assertj.core.groups.Tuple.tuple("cal-00003", "FORMULAS & CALCULATIONS", 8,
                "NPV = Σ(Cash Flow / (1+r)^t)"));
    assertThat(playbook.nextId()).isEqualTo(4);
    assertThat(playbook.version()).isEqualTo(1);
  }

  @Test
  void readsTheSimpleFormWithoutCountersAsZero() {
    Playbook playbook = PlaybookText.read("## APIs TO USE\n[api-00002] Use spotify.login first\n", "t", T0);

    Bullet bullet = playbook.find("api-00002").orElseThrow();
    assertThat(bullet.content()).isEqualTo("Use spotify.login first");
    assertThat(List.of(bullet.helpful(), bullet.harmful(), bullet.neutral())).containsExactly(0, 0, 0);
  }

  @Test
  void putsBulletsBeforeTheFirstHeaderUnderOthers() {
    Playbook playbook = PlaybookText.read("[misc-00001] helpful=1 harmful=2 :: Keep going\n", "t", T0);

    assertThat(playbook.sections()).containsExactly("OTHERS");
    assertThat(playbook.find("misc-00001").orElseThrow().harmful()).isEqualTo(2);
  }

  @Test
  void writesActiveBulletsUnderTheirSectionHeaders() {
    Playbook playbook = Playbook.empty().apply(DeltaBatch.of(
        Add.of("STRATEGIES & INSIGHTS", "Check types"),
        Add.of("Common mistakes to avoid", "Off-by-one"),
        Add.of("STRATEGIES & INSIGHTS", "Write the test first")), T0)
        .apply(DeltaBatch.of(Tag.of("str-00001", Verdict.HELPFUL), Tag.of("err-00002", Verdict.HARMFUL),
            new Remove("str-00003", "")), T0);

    assertThat(PlaybookText.write(playbook)).isEqualTo("""
        ## STRATEGIES & INSIGHTS
        [str-00001] helpful=1 harmful=0 :: Check types
        ## Common mistakes to avoid
        [err-00002] helpful=0 harmful=1 :: Off-by-one
        """);
  }

  @Test
  void keepsMultiLineContentAndBackslashesThroughARoundTrip() {
    Playbook playbook = Playbook.empty().apply(DeltaBatch.of(
        Add.of("code snippets", "def f(x):\n    return x\\2  # not \\n")), T0);

    String text = PlaybookText.write(playbook);
    Playbook again = PlaybookText.read(text, "t", T0);

    assertThat(text.lines()).hasSize(2);
    assertThat(again.active().get(0).content()).isEqualTo(playbook.active().get(0).content());
  }

  @Test
  void rejectsALineThatIsNeitherHeaderNorBulletNamingTheLine() {
    assertThatThrownBy(() -> PlaybookText.read("## A\n[a-00001] fine\nstray prose\n", "pb.txt", T0))
        .isInstanceOf(PlaybookFormatException.class)
        .hasMessageStartingWith("pb.txt line 3: expected '## SECTION'").hasMessageContaining("stray prose");
  }

  @Test
  void rejectsABadIdADuplicateIdAndEmptyContent() {
    assertThatThrownBy(() -> PlaybookText.read("## A\n[STR-1] helpful=0 harmful=0 :: x\n", "t", T0))
        .isInstanceOf(PlaybookFormatException.class).hasMessage("t line 2: id 'STR-1' is not of the form slug-00001");
    assertThatThrownBy(() -> PlaybookText.read("## A\n[a-00001] x\n[a-00001] y\n", "t", T0))
        .isInstanceOf(PlaybookFormatException.class).hasMessage("t: bullet id a-00001 appears twice");
    assertThatThrownBy(() -> PlaybookText.read("## A\n[a-00001] helpful=0 harmful=0 :: \n", "t", T0))
        .isInstanceOf(PlaybookFormatException.class).hasMessage("t line 2: bullet a-00001 has no content");
  }

  @Test
  void rejectsAHeaderWithoutAName() {
    assertThatThrownBy(() -> PlaybookText.read("##\n", "t", T0))
        .isInstanceOf(PlaybookFormatException.class).hasMessage("t line 1: section header without a name");
  }
}

package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.core.Operation.Add;
import dev.ace4j.core.Operation.Tag;
import dev.ace4j.core.Operation.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The prompt rendering: with counters for the Reflector and Curator, without for the Generator. */
class PromptViewTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  /** Bullets added out of id order (imported ids), to show the view sorts them. */
  private static Playbook playbook() {
    return new Playbook(1, 6, List.of("STRATEGIES", "MISTAKES"), List.of(
        Bullet.create("str-00005", "STRATEGIES", "Write the test first", T0, Provenance.none()),
        Bullet.create("err-00002", "MISTAKES", "Off-by-one in ranges", T0, Provenance.none()),
        Bullet.create("str-00001", "STRATEGIES", "Check types", T0, Provenance.none())))
        .apply(DeltaBatch.of(Tag.of("str-00001", Verdict.HELPFUL), Tag.of("str-00001", Verdict.HELPFUL),
            Tag.of("err-00002", Verdict.HARMFUL)), T0);
  }

  @Test
  void rendersForTheGeneratorWithoutCounters() {
    assertThat(PromptView.withoutCounters(playbook())).isEqualTo("""
        ## STRATEGIES
        [str-00001] Check types
        [str-00005] Write the test first
        ## MISTAKES
        [err-00002] Off-by-one in ranges
        """);
  }

  @Test
  void rendersForTheCuratorWithCounters() {
    assertThat(PromptView.withCounters(playbook())).isEqualTo("""
        ## STRATEGIES
        [str-00001] Check types (+2/-0)
        [str-00005] Write the test first (+0/-0)
        ## MISTAKES
        [err-00002] Off-by-one in ranges (+0/-1)
        """);
  }

  @Test
  void rendersOnlyTheCitedBulletsForTheReflector() {
    assertThat(PromptView.withCounters(playbook(), Set.of("err-00002"))).isEqualTo("""
        ## MISTAKES
        [err-00002] Off-by-one in ranges (+0/-1)
        """);
  }

  @Test
  void keepsThePreviousViewAsAPrefixWhenABulletIsAddedToTheLastSection() {
    Playbook before = playbook();
    Playbook after = before.apply(DeltaBatch.of(Add.of("MISTAKES", "Mutating a list while iterating")), T0);

    assertThat(PromptView.withoutCounters(after)).startsWith(PromptView.withoutCounters(before))
        .endsWith("[mist-00006] Mutating a list while iterating\n");
  }

  @Test
  void rendersTheSameTextForTheSamePlaybook() {
    assertThat(PromptView.withCounters(playbook())).isEqualTo(PromptView.withCounters(playbook()));
  }

  @Test
  void rendersAnEmptyPlaybookAsNothing() {
    assertThat(PromptView.withoutCounters(Playbook.empty())).isEmpty();
  }

  @Test
  void estimatesOneTokenPerFourCharactersRoundedUp() {
    assertThat(PromptView.estimatedTokens("")).isZero();
    assertThat(PromptView.estimatedTokens("abcd")).isEqualTo(1);
    assertThat(PromptView.estimatedTokens("abcde")).isEqualTo(2);
  }
}

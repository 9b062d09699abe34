package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.core.Operation.Add;
import dev.ace4j.core.Operation.Verdict;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Export then import, in each format, loses nothing the format can carry. */
class FormatRoundTripProperties {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final List<String> SECTIONS =
      List.of("STRATEGIES & INSIGHTS", "Common mistakes to avoid", "code snippets", "Ünïcode Ñotes", "testing");

  /** One step of building a playbook: an ADD, or a TAG / REMOVE of an earlier bullet by position. */
  record Step(int kind, int section, String content, int target) {}

  @Provide
  Arbitrary<List<Step>> histories() {
    Arbitrary<String> content = Arbitraries.strings().withChars("abc XYZ:=[]#\\\n\té→1").ofMinLength(1)
        .ofMaxLength(40).filter(s -> !s.isBlank());
    Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 5),
        Arbitraries.integers().between(0, SECTIONS.size() - 1), content, Arbitraries.integers().between(0, 30))
        .as(Step::new);
    return step.list().ofMaxSize(30);
  }

  /** Applies the steps one batch each; steps that do not apply (e.g. tag a removed bullet) are skipped. */
  static Playbook build(List<Step> steps) {
    Playbook playbook = Playbook.empty();
    Instant now = T0;
    for (Step step : steps) {
      now = now.plus(1, ChronoUnit.MINUTES).plusNanos(1000 * step.target());
      List<Bullet> active = playbook.active();
      Operation operation;
      if (step.kind() <= 2 || active.isEmpty()) {
        operation = Add.of(SECTIONS.get(step.section()), step.content());
      } else {
        String id = active.get(step.target() % active.size()).id();
        operation = step.kind() == 5 ? new Operation.Remove(id, "")
            : Operation.Tag.of(id, step.kind() == 3 ? Verdict.HELPFUL : Verdict.HARMFUL);
      }
      try {
        playbook = playbook.apply(DeltaBatch.of(operation), now);
      } catch (InvalidBatchException e) {
        // e.g. content that strips to nothing; skip it
      }
    }
    return playbook;
  }

  @Property(tries = 200)
  void textRoundTripKeepsIdsSectionsContentAndCounters(@ForAll("histories") List<Step> steps) {
    Playbook playbook = build(steps);

    Playbook again = PlaybookText.read(PlaybookText.write(playbook), "property", T0);

    // The text groups bullets by section, so the order across sections is the format's own.
    assertThat(carried(again.active(), false)).containsExactlyInAnyOrderElementsOf(carried(playbook.active(), false));
    assertThat(PlaybookText.write(again)).isEqualTo(PlaybookText.write(playbook));
    assertThat(again.bySection().keySet()).containsExactlyElementsOf(playbook.bySection().keySet());
  }

  @Property(tries = 200)
  void kaybaRoundTripKeepsEveryBulletWithItsCountersStatusAndTimes(@ForAll("histories") List<Step> steps) {
    Playbook playbook = build(steps);

    Playbook again = KaybaJson.read(KaybaJson.write(playbook), "property");

    assertThat(carried(again.bullets(), true)).isEqualTo(carried(playbook.bullets(), true));
    assertThat(again.bullets()).extracting(Bullet::createdAt, Bullet::updatedAt)
        .isEqualTo(new ArrayList<>(playbook.bullets().stream()
            .map(b -> org.assertj.core.groups.Tuple.tuple(b.createdAt(), b.updatedAt())).toList()));
    assertThat(again.nextId()).isEqualTo(playbook.nextId());
    assertThat(PromptView.withCounters(again)).isEqualTo(PromptView.withCounters(playbook));
  }

  /** What a format carries of each bullet, as comparable text. */
  private static List<String> carried(List<Bullet> bullets, boolean neutralAndStatus) {
    return bullets.stream().map(b -> b.id() + "|" + Sections.key(b.section()) + "|" + b.content() + "|"
        + b.helpful() + "|" + b.harmful() + (neutralAndStatus ? "|" + b.neutral() + "|" + b.status() : "")).toList();
  }
}

package dev.ace4j.coder.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.core.Bullet;
import dev.ace4j.core.DeltaBatch;
import dev.ace4j.core.Operation.Remove;
import dev.ace4j.core.Operation.Tag;
import dev.ace4j.core.Operation.Verdict;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.Provenance;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How well each bullet worked, from the Reflector's verdicts. */
class BulletEffectivenessTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private static Playbook playbook() {
    return new Playbook(1, 6, List.of("STRATEGIES", "MISTAKES"), List.of(
        Bullet.create("str-00001", "STRATEGIES", "Check types", T0, Provenance.none()),
        Bullet.create("str-00002", "STRATEGIES", "Write the test first", T0, Provenance.none()),
        Bullet.create("err-00003", "MISTAKES", "Off-by-one in ranges", T0, Provenance.none()),
        Bullet.create("str-00004", "STRATEGIES", "Never tagged", T0, Provenance.none()),
        Bullet.create("str-00005", "STRATEGIES", "Retired", T0, Provenance.none())))
        .apply(DeltaBatch.of(
            Tag.of("str-00001", Verdict.HELPFUL), Tag.of("str-00001", Verdict.HARMFUL),
            Tag.of("str-00002", Verdict.HELPFUL), Tag.of("str-00002", Verdict.HELPFUL),
            Tag.of("str-00002", Verdict.HELPFUL), Tag.of("str-00002", Verdict.HARMFUL),
            Tag.of("err-00003", Verdict.HELPFUL),
            Tag.of("str-00005", Verdict.HELPFUL), new Remove("str-00005", "retired")), T0);
  }

  @Test
  void ranksActiveBulletsByEffectivenessThenIdWithUntaggedOnesLast() {
    List<BulletEffectiveness> ranked = BulletEffectiveness.of(playbook());

    assertThat(ranked).extracting(BulletEffectiveness::bulletId)
        .containsExactly("err-00003", "str-00002", "str-00001", "str-00004");
  }

  @Test
  void dividesHelpfulByAllVerdicts() {
    List<BulletEffectiveness> ranked = BulletEffectiveness.of(playbook());

    assertThat(ranked.get(1)).isEqualTo(new BulletEffectiveness("str-00002", "STRATEGIES", "Write the test first",
        3, 1, Optional.of(0.75)));
    assertThat(ranked.get(2).effectiveness()).contains(0.5);
  }

  @Test
  void knowsNothingOfABulletWithoutVerdicts() {
    assertThat(BulletEffectiveness.of(playbook()).get(3).effectiveness()).isEmpty();
  }

  @Test
  void ranksTiesById() {
    Playbook tied = new Playbook(1, 3, List.of("S"), List.of(
        Bullet.create("zed-00002", "S", "z", T0, Provenance.none()),
        Bullet.create("abc-00001", "S", "a", T0, Provenance.none())))
        .apply(DeltaBatch.of(Tag.of("zed-00002", Verdict.HELPFUL), Tag.of("abc-00001", Verdict.HELPFUL)), T0);

    assertThat(BulletEffectiveness.of(tied)).extracting(BulletEffectiveness::bulletId)
        .containsExactly("abc-00001", "zed-00002");
  }
}

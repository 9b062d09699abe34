package dev.ace4j.coder.history;

import dev.ace4j.core.Bullet;
import dev.ace4j.core.Playbook;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How well one playbook bullet has worked, from the Reflector's helpful and harmful verdicts on it.
 *
 * @param effectiveness {@code helpful / (helpful + harmful)}; empty when no verdict has been given
 */
public record BulletEffectiveness(String bulletId, String section, String content, int helpful, int harmful,
    Optional<Double> effectiveness) {
  private static final Comparator<BulletEffectiveness> BEST_FIRST = Comparator
      .comparing((BulletEffectiveness b) -> b.effectiveness().orElse(-1.0), Comparator.reverseOrder())
      .thenComparing(BulletEffectiveness::bulletId);

  public BulletEffectiveness {
    Checks.notBlank(bulletId, "bulletId");
    Checks.present(section, "section");
    Checks.present(content, "content");
    Checks.notNegative(helpful, "helpful");
    Checks.notNegative(harmful, "harmful");
    effectiveness = effectiveness == null ? Optional.empty() : effectiveness;
  }

  /** The effectiveness of one bullet. */
  public static BulletEffectiveness of(Bullet bullet) {
    int verdicts = bullet.helpful() + bullet.harmful();
    return new BulletEffectiveness(bullet.id(), bullet.section(), bullet.content(), bullet.helpful(),
        bullet.harmful(), verdicts == 0 ? Optional.empty() : Optional.of((double) bullet.helpful() / verdicts));
  }

  /**
   * The active bullets of {@code playbook}, most effective first, then by id; bullets without verdicts last, as
   * nothing is known of them yet.
   */
  public static List<BulletEffectiveness> of(Playbook playbook) {
    Objects.requireNonNull(playbook, "playbook is null: pass Playbook.empty() for none");
    return playbook.active().stream().map(BulletEffectiveness::of).sorted(BEST_FIRST).toList();
  }
}

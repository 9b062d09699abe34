package dev.ace4j.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A ceiling on the size of the Generator's view of the playbook ({@link PromptView#withoutCounters}, counted with
 * {@link PromptView#estimatedTokens}), and the deterministic policy that restores it.
 *
 * <p>{@link #enforce} first merges duplicates (the {@link Deduplicator}), then, if still over, retires whole
 * bullets, lowest value first, until the view fits: bullets whose harmful count is at least their helpful count
 * though they were tagged, then bullets never tagged, then the rest by helpful − harmful; ties go to the bullet
 * updated longest ago, then to the lower id. Content is never shortened or rewritten.
 */
public final class TokenBudget {
  private static final Instant SIMULATION = Instant.EPOCH;
  private final int maxTokens;
  private final Deduplicator deduplicator;

  private TokenBudget(int maxTokens, Deduplicator deduplicator) {
    this.maxTokens = maxTokens;
    this.deduplicator = deduplicator;
  }

  /** A budget of {@code maxTokens} that merges duplicates with the {@link LexicalDeduplicator}. */
  public static TokenBudget of(int maxTokens) {
    return of(maxTokens, LexicalDeduplicator.create());
  }

  /** A budget of {@code maxTokens} that merges the duplicates {@code deduplicator} finds. */
  public static TokenBudget of(int maxTokens, Deduplicator deduplicator) {
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("token budget " + maxTokens + " is not positive; try 20000");
    }
    if (deduplicator == null) {
      throw new IllegalArgumentException("deduplicator is null; use LexicalDeduplicator.create()");
    }
    return new TokenBudget(maxTokens, deduplicator);
  }

  public int maxTokens() {
    return maxTokens;
  }

  /** The estimated tokens of the Generator's view of {@code playbook}. */
  public static int tokens(Playbook playbook) {
    return PromptView.estimatedTokens(PromptView.withoutCounters(playbook));
  }

  public boolean exceededBy(Playbook playbook) {
    return tokens(playbook) > maxTokens;
  }

  /**
   * The batch that brings {@code playbook} within the budget: MERGEs of duplicates, then REMOVEs in order of
   * lowest value, only as many as needed; an empty batch when the playbook already fits. Its reasoning says what
   * it did and why. The same playbook always gives the same batch.
   */
  public DeltaBatch enforce(Playbook playbook) {
    int before = tokens(playbook);
    if (before <= maxTokens) {
      return new DeltaBatch("within the token budget: " + before + " of " + maxTokens + " tokens", List.of(),
          Refinement.PROVENANCE);
    }
    List<Operation> operations = new ArrayList<>(Refinement.mergeDuplicates(playbook, deduplicator).operations());
    Playbook merged = playbook.apply(new DeltaBatch("", operations, Provenance.none()), SIMULATION);
    int afterMerges = tokens(merged);
    List<Bullet> candidates = merged.active().stream().sorted(LOWEST_VALUE_FIRST).toList();
    int retire = afterMerges <= maxTokens ? 0 : fewestRemovals(merged, candidates);
    List<Bullet> retired = candidates.subList(0, retire);
    retired.forEach(b -> operations.add(new Operation.Remove(b.id(), "over the token budget: " + why(b))));
    int after = tokens(merged.apply(new DeltaBatch("", removals(retired), Provenance.none()), SIMULATION));
    String reasoning = "the Generator's view was " + before + " tokens, over the budget of " + maxTokens + ": merged "
        + (operations.size() - retire) + " group(s) of duplicates (" + afterMerges + " tokens), then retired "
        + retire + " lowest-value bullet(s) (" + describe(retired) + "); now " + after + " tokens";
    return new DeltaBatch(reasoning, operations, Refinement.PROVENANCE);
  }

  /** Lowest value first: tagged but harmful ≥ helpful, never tagged, then by net helpfulness; oldest; lowest id. */
  private static final Comparator<Bullet> LOWEST_VALUE_FIRST = Comparator.<Bullet>comparingInt(TokenBudget::tier)
      .thenComparingInt(b -> b.helpful() - b.harmful())
      .thenComparing(Bullet::updatedAt)
      .thenComparingLong(Bullet::number);

  private static int tier(Bullet bullet) {
    if (neverTagged(bullet)) {
      return 1;
    }
    return bullet.harmful() >= bullet.helpful() ? 0 : 2;
  }

  private static boolean neverTagged(Bullet bullet) {
    return bullet.helpful() + bullet.harmful() + bullet.neutral() == 0;
  }

  /** The smallest k such that retiring the first k candidates fits the budget (retiring more never grows it). */
  private int fewestRemovals(Playbook playbook, List<Bullet> candidates) {
    int low = 1;
    int high = candidates.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      Playbook trial = playbook.apply(new DeltaBatch("", removals(candidates.subList(0, middle)),
          Provenance.none()), SIMULATION);
      if (tokens(trial) <= maxTokens) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return high;
  }

  private static List<Operation> removals(List<Bullet> bullets) {
    return bullets.stream().<Operation>map(b -> new Operation.Remove(b.id(), "")).toList();
  }

  private static String why(Bullet bullet) {
    if (neverTagged(bullet)) {
      return "never cited, last updated " + bullet.updatedAt();
    }
    return "helpful " + bullet.helpful() + ", harmful " + bullet.harmful() + ", last updated " + bullet.updatedAt();
  }

  private static String describe(List<Bullet> retired) {
    long harmful = retired.stream().filter(b -> tier(b) == 0).count();
    long unused = retired.stream().filter(TokenBudget::neverTagged).count();
    return harmful + " tagged harmful at least as often as helpful, " + unused + " never cited, "
        + (retired.size() - harmful - unused) + " with the least net helpfulness";
  }
}

package dev.ace4j.models;

import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.models.ModelSpec.Provider;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Tokens, calls and cost of one run, per role ({@code generator}, {@code reflector}, {@code curator}) and in total.
 * Each call is recorded with the provider and model it went to; cost is priced from a {@link PriceTable} when totals
 * are asked for, so it is exact and the same whatever order the calls came in. A total that includes any call to a
 * model of unknown price has an unknown cost (not a lower bound passed off as the cost). Thread-safe.
 */
public final class UsageLedger {
  /** The role calls are recorded under when their request names none. */
  public static final String NO_ROLE = "unlabelled";

  private final PriceTable prices;
  private final Map<Key, Tally> tallies = new HashMap<>();

  /**
   * Totals of some calls.
   *
   * @param calls how many calls
   * @param tokens the tokens they used
   * @param costUsd what they cost in USD; empty when a model among them has no price in the table
   * @param unpricedModels the {@code provider:model}s without a price, so a report can say why the cost is unknown
   */
  public record Totals(long calls, TokenUsage tokens, Optional<BigDecimal> costUsd, Set<String> unpricedModels) {
    public static final Totals NONE = new Totals(0, TokenUsage.ZERO, Optional.of(BigDecimal.ZERO), Set.of());

    public Totals {
      Objects.requireNonNull(tokens, "tokens");
      costUsd = costUsd == null ? Optional.empty() : costUsd;
      unpricedModels = unpricedModels == null ? Set.of() : Set.copyOf(unpricedModels);
    }
  }

  private record Key(String role, Provider provider, String model) {}

  private static final class Tally {
    long calls;
    long input;
    long output;
  }

  public UsageLedger(PriceTable prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
  }

  /**
   * Records one call.
   *
   * @param role the asking role ({@link dev.ace4j.core.spi.ModelRequest#role()}); blank becomes {@link #NO_ROLE}
   * @param model the model the call went to (its spec's model name: the price table's key)
   */
  public void record(String role, Provider provider, String model, TokenUsage usage) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(usage, "usage");
    Key key = new Key(role == null || role.isBlank() ? NO_ROLE : role, provider, model == null ? "" : model);
    synchronized (tallies) {
      Tally tally = tallies.computeIfAbsent(key, k -> new Tally());
      tally.calls++;
      tally.input += usage.inputTokens();
      tally.output += usage.outputTokens();
    }
  }

  /** Totals of every call recorded so far. */
  public Totals total() {
    return totals(snapshot(), key -> true);
  }

  /** Totals of the calls {@code role} made; {@link Totals#NONE} when it made none. */
  public Totals forRole(String role) {
    String wanted = role == null || role.isBlank() ? NO_ROLE : role;
    return totals(snapshot(), key -> key.role().equals(wanted));
  }

  /** Totals per role, roles sorted by name. */
  public Map<String, Totals> byRole() {
    Map<String, Totals> byRole = new TreeMap<>();
    Map<Key, long[]> snapshot = snapshot();
    for (String role : snapshot.keySet().stream().map(Key::role).distinct().toList()) {
      byRole.put(role, totals(snapshot, key -> key.role().equals(role)));
    }
    return Collections.unmodifiableMap(byRole);
  }

  private Totals totals(Map<Key, long[]> snapshot, Predicate<Key> selected) {
    long calls = 0;
    TokenUsage tokens = TokenUsage.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
    Set<String> unpriced = new TreeSet<>();
    for (Map.Entry<Key, long[]> entry : snapshot.entrySet()) {
      Key key = entry.getKey();
      if (!selected.test(key)) {
        continue;
      }
      long[] tally = entry.getValue();
      TokenUsage usage = new TokenUsage(tally[1], tally[2]);
      calls += tally[0];
      tokens = tokens.plus(usage);
      Optional<BigDecimal> keyCost = prices.cost(key.provider(), key.model(), usage);
      if (keyCost.isPresent()) {
        cost = cost.add(keyCost.get());
      } else {
        unpriced.add(key.provider().prefix() + ":" + key.model());
      }
    }
    return new Totals(calls, tokens, unpriced.isEmpty() ? Optional.of(cost) : Optional.empty(), unpriced);
  }

  /** Each key's calls, input and output tokens, copied under the lock. */
  private Map<Key, long[]> snapshot() {
    synchronized (tallies) {
      Map<Key, long[]> copy = new HashMap<>();
      tallies.forEach((key, tally) -> copy.put(key, new long[] {tally.calls, tally.input, tally.output}));
      return copy;
    }
  }
}

package dev.ace4j.core;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The default {@link Deduplicator}: within one section, two bullets are duplicates when their texts are equal
 * after normalizing case, whitespace and punctuation, or when the Jaccard similarity of their normalized word sets
 * reaches a threshold (default 0.8).
 *
 * <p>Grouping is greedy and deterministic, as in the ACE paper's analyzer: bullets in id order; each bullet not yet
 * grouped collects every later one similar to it. Cost: O(n²) set comparisons per section, pruned by set sizes;
 * {@link #findDuplicatesOf} compares only the changed bullets with the others of their section, O(n).
 */
public final class LexicalDeduplicator implements Deduplicator {
  /** The default Jaccard threshold. */
  public static final double DEFAULT_THRESHOLD = 0.8;

  private final double threshold;

  private LexicalDeduplicator(double threshold) {
    this.threshold = threshold;
  }

  /** With the default threshold, 0.8. */
  public static LexicalDeduplicator create() {
    return new LexicalDeduplicator(DEFAULT_THRESHOLD);
  }

  /**
   * @param threshold the Jaccard similarity, from 0 to 1, at which two bullets count as duplicates (1 means the
   *     same words)
   */
  public static LexicalDeduplicator withThreshold(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("dedup threshold " + threshold + " is not between 0 and 1; try 0.8");
    }
    return new LexicalDeduplicator(threshold);
  }

  public double threshold() {
    return threshold;
  }

  @Override
  public List<DuplicateGroup> findDuplicates(Playbook playbook) {
    List<DuplicateGroup> groups = new ArrayList<>();
    for (Map.Entry<String, List<Bullet>> section : playbook.bySection().entrySet()) {
      List<Bullet> bullets = section.getValue().stream().sorted(Comparator.comparingLong(Bullet::number)).toList();
      groups.addAll(groupsIn(section.getKey(), bullets));
    }
    groups.sort(Comparator.comparingLong(g -> number(g.kept())));
    return List.copyOf(groups);
  }

  @Override
  public List<DuplicateGroup> findDuplicatesOf(Playbook playbook, Set<String> changed) {
    List<Bullet> probes = playbook.active().stream().filter(b -> changed.contains(b.id()))
        .sorted(Comparator.comparingLong(Bullet::number)).toList();
    if (probes.isEmpty()) {
      return List.of();
    }
    Map<String, List<Bullet>> candidates = new HashMap<>();
    for (Bullet probe : probes) {
      candidates.computeIfAbsent(Sections.key(probe.section()), key -> new ArrayList<>());
    }
    for (Bullet bullet : playbook.active()) {
      List<Bullet> section = candidates.get(Sections.key(bullet.section()));
      if (section != null) {
        section.add(bullet);
      }
    }
    // Each probe gathers what it duplicates; groups that share a bullet are joined (the probes' union).
    Map<String, Set<String>> groupOf = new HashMap<>();
    Map<Set<String>, Boolean> allExact = new IdentityHashMap<>();
    Map<Set<String>, String> sectionOf = new IdentityHashMap<>();
    for (Bullet probe : probes) {
      String text = normalize(probe.content());
      Set<String> words = words(text);
      for (Bullet other : candidates.getOrDefault(Sections.key(probe.section()), List.of())) {
        if (other.id().equals(probe.id())) {
          continue;
        }
        String otherText = normalize(other.content());
        boolean exact = exact(probe, other, text, otherText);
        if (exact || (!text.isEmpty() && jaccardAtLeast(words, words(otherText)))) {
          Set<String> joined = join(groupOf, allExact, probe.id(), other.id());
          allExact.merge(joined, exact, Boolean::logicalAnd);
          sectionOf.putIfAbsent(joined, probe.section());
        }
      }
    }
    List<DuplicateGroup> groups = new ArrayList<>();
    for (Set<String> ids : new LinkedHashSet<>(groupOf.values())) {
      List<String> ordered = ids.stream().sorted(Comparator.comparingLong(LexicalDeduplicator::number)).toList();
      groups.add(new DuplicateGroup(Objects.requireNonNull(sectionOf.get(ids), "section"), ordered, reason(allExact.getOrDefault(ids, false))));
    }
    groups.sort(Comparator.comparingLong(g -> number(g.kept())));
    return List.copyOf(groups);
  }

  /** Puts {@code a} and {@code b} in one group, joining the groups they were in; returns that group. */
  private static Set<String> join(Map<String, Set<String>> groupOf, Map<Set<String>, Boolean> allExact, String a,
      String b) {
    Set<String> first = groupOf.get(a);
    Set<String> second = groupOf.get(b);
    if (first == null && second == null) {
      Set<String> group = new HashSet<>(List.of(a, b));
      groupOf.put(a, group);
      groupOf.put(b, group);
      return group;
    }
    if (first == null || second == null || first == second) {
      Set<String> group = first != null ? first : Objects.requireNonNull(second, "second"); // both null returned above
      group.add(a);
      group.add(b);
      groupOf.put(a, group);
      groupOf.put(b, group);
      return group;
    }
    first.addAll(second);
    second.forEach(id -> groupOf.put(id, first));
    Boolean secondExact = allExact.remove(second);
    if (secondExact != null) {
      allExact.merge(first, secondExact, Boolean::logicalAnd);
    }
    return first;
  }

  private String reason(boolean allExact) {
    return allExact
        ? "same text once case, whitespace and punctuation are ignored"
        : String.format(Locale.ROOT, "word overlap (Jaccard) of %.2f or more", threshold);
  }

  private static Set<String> words(String normalized) {
    return normalized.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(normalized.split(" ")));
  }

  private List<DuplicateGroup> groupsIn(String section, List<Bullet> bullets) {
    int n = bullets.size();
    String[] texts = new String[n];
    List<Set<String>> words = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      texts[i] = normalize(bullets.get(i).content());
      words.add(words(texts[i]));
    }
    boolean[] grouped = new boolean[n];
    List<DuplicateGroup> groups = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (grouped[i]) {
        continue;
      }
      List<String> ids = new ArrayList<>(List.of(bullets.get(i).id()));
      boolean allExact = true;
      for (int j = i + 1; j < n; j++) {
        if (grouped[j]) {
          continue;
        }
        boolean exact = exact(bullets.get(i), bullets.get(j), texts[i], texts[j]);
        if (exact || (!texts[i].isEmpty() && jaccardAtLeast(words.get(i), words.get(j)))) {
          grouped[j] = true;
          ids.add(bullets.get(j).id());
          allExact &= exact;
        }
      }
      if (ids.size() > 1) {
        groups.add(new DuplicateGroup(section, ids, reason(allExact)));
      }
    }
    return groups;
  }

  /** Equal normalized text; text that normalizes to nothing (only punctuation) must match exactly. */
  private static boolean exact(Bullet a, Bullet b, String normalizedA, String normalizedB) {
    return normalizedA.isEmpty() ? a.content().strip().equals(b.content().strip()) : normalizedA.equals(normalizedB);
  }

  private boolean jaccardAtLeast(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    // The Jaccard similarity is at most min/max of the sizes: skip pairs that cannot reach the threshold.
    if ((double) Math.min(a.size(), b.size()) / Math.max(a.size(), b.size()) < threshold) {
      return false;
    }
    Set<String> small = a.size() <= b.size() ? a : b;
    Set<String> large = small == a ? b : a;
    int common = 0;
    for (String word : small) {
      if (large.contains(word)) {
        common++;
      }
    }
    return (double) common / (a.size() + b.size() - common) >= threshold;
  }

  /** Lower case, compatibility-normalized, punctuation and runs of whitespace as one space, trimmed. */
  static String normalize(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }

  private static long number(String id) {
    return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
  }
}

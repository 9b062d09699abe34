package dev.ace4j.cli;

import dev.ace4j.core.Bullet;
import dev.ace4j.core.Playbook;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ace playbook search}: active bullets ranked lexically against a query. A query word found among a
 * bullet's content words scores 2, among its section's words 1; the whole query appearing in the content as it is
 * written scores 3 more. Ties go to the bullet with more helpful than harmful votes, then to the lower id.
 */
final class BulletSearch {
  private BulletSearch() {}

  /** One bullet and its score, above 0. */
  record Hit(Bullet bullet, int score) {}

  /** The bullets that match at least one word of {@code query}, best first, at most {@code limit}. */
  static List<Hit> search(Playbook playbook, String query, int limit) {
    Set<String> terms = words(query);
    String phrase = query.strip().toLowerCase(Locale.ROOT);
    return playbook.active().stream()
        .map(bullet -> new Hit(bullet, score(bullet, terms, phrase)))
        .filter(hit -> hit.score() > 0)
        .sorted(Comparator.comparingInt(Hit::score).reversed()
            .thenComparing(hit -> hit.bullet().harmful() - hit.bullet().helpful())
            .thenComparingLong(hit -> hit.bullet().number()))
        .limit(limit)
        .toList();
  }

  private static int score(Bullet bullet, Set<String> terms, String phrase) {
    Set<String> content = words(bullet.content());
    Set<String> section = words(bullet.section());
    int score = 0;
    for (String term : terms) {
      score += (content.contains(term) ? 2 : 0) + (section.contains(term) ? 1 : 0);
    }
    boolean whole = terms.size() > 1 && bullet.content().toLowerCase(Locale.ROOT).contains(phrase);
    return score > 0 && whole ? score + 3 : score;
  }

  /** Lower-case words: runs of letters and digits. */
  static Set<String> words(String text) {
    return new LinkedHashSet<>(Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
        .filter(w -> !w.isEmpty()).toList());
  }
}

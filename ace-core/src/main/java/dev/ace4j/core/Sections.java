package dev.ace4j.core;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Section names and the id slugs derived from them, as the ACE paper's code does: names are compared by a
 * normalized key (lower case, {@code &} as {@code and}, runs of spaces and punctuation as {@code _}); the slug is
 * the paper's fixed one for known sections, else the first four letters of a one-word name or the initials of a
 * longer one.
 */
public final class Sections {
  private static final Map<String, String> KNOWN_SLUGS = Map.ofEntries(
      Map.entry("strategies_and_insights", "str"),
      Map.entry("financial_strategies_and_insights", "fin"),
      Map.entry("formulas_and_calculations", "calc"),
      Map.entry("code_snippets_and_templates", "code"),
      Map.entry("common_mistakes_to_avoid", "err"),
      Map.entry("problem_solving_heuristics", "prob"),
      Map.entry("context_clues_and_indicators", "ctx"),
      Map.entry("others", "misc"),
      Map.entry("meta_strategies", "meta"));

  /** A playbook has a handful of section names and compares them for every bullet: normalize each once. */
  private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
  private static final int MAX_CACHED = 4096;

  private Sections() {}

  /** The comparison key of a section name: {@code "Strategies & Insights"} → {@code strategies_and_insights}. */
  public static String key(String section) {
    String cached = KEYS.get(section);
    if (cached != null) {
      return cached;
    }
    String key = section.trim().toLowerCase(Locale.ROOT).replace("&", " and ")
        .replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
    key = key.isEmpty() ? "others" : key;
    if (KEYS.size() < MAX_CACHED) {
      KEYS.put(section, key);
    }
    return key;
  }

  /** The id slug of a section: {@code str} for strategies and insights, {@code test} for "testing". */
  public static String slug(String section) {
    String key = key(section);
    String known = KNOWN_SLUGS.get(key);
    if (known != null) {
      return known;
    }
    String[] words = key.split("_");
    String slug;
    if (words.length == 1) {
      slug = words[0].length() <= 4 ? words[0] : words[0].substring(0, 4);
    } else {
      StringBuilder initials = new StringBuilder();
      for (String word : words) {
        if (!word.isEmpty()) {
          initials.append(word.charAt(0));
        }
      }
      slug = initials.toString();
    }
    slug = slug.replaceAll("[^a-z0-9_]", "");
    return slug.isEmpty() ? "misc" : slug;
  }
}

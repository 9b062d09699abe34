package dev.ace4j.core.internal;

import dev.ace4j.core.Bullet;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookFormatException;
import dev.ace4j.core.Sections;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the playbook an import describes, checking what the format readers cannot see line by line: ids and id
 * numbers used once, every bullet's section listed. An imported playbook is version 1 (the import counts as one
 * version), or version 0 when it holds no bullets, like {@link Playbook#empty()}.
 */
public final class ImportedPlaybook {
  private ImportedPlaybook() {}

  /**
   * @param sections section names in file order; names with the same {@link Sections#key} collapse to the first
   * @param nextIdAtLeast the smallest next id the file asks for; raised above the highest bullet number if needed
   */
  public static Playbook build(String source, List<String> sections, List<Bullet> bullets, long nextIdAtLeast) {
    Map<String, String> byKey = new LinkedHashMap<>();
    sections.forEach(s -> byKey.putIfAbsent(Sections.key(s), s));
    Map<Long, String> numbers = new HashMap<>();
    long highest = 0;
    for (Bullet bullet : bullets) {
      String earlier = numbers.putIfAbsent(bullet.number(), bullet.id());
      if (earlier != null) {
        String problem = earlier.equals(bullet.id())
            ? "bullet id " + bullet.id() + " appears twice"
            : "bullets " + earlier + " and " + bullet.id() + " share the id number " + bullet.number()
                + " (ace4j numbers bullets from one global counter)";
        throw new PlaybookFormatException(source, problem);
      }
      highest = Math.max(highest, bullet.number());
      byKey.putIfAbsent(Sections.key(bullet.section()), bullet.section());
    }
    long version = bullets.isEmpty() ? 0 : 1;
    return new Playbook(version, Math.max(nextIdAtLeast, highest + 1), new ArrayList<>(byKey.values()), bullets);
  }
}

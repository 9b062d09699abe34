package dev.ace4j.cli;

import dev.ace4j.core.Bullet;
import dev.ace4j.core.DeltaBatch;
import dev.ace4j.core.Operation;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.Provenance;
import dev.ace4j.core.Sections;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one batch that brings an imported playbook's active bullets into a store's playbook: an ADD per bullet, then
 * one TAG per helpful, harmful and neutral count, so the counters arrive through the same operations as learned ones
 * and the import is one version that {@code ace playbook rollback} undoes. A bullet keeps its id when the number is
 * above every id the playbook has issued; otherwise it gets the next free number (ids never repeat). A bullet whose
 * section and content the playbook already holds is skipped, so importing a file twice adds nothing. Removed
 * bullets are history, not imported.
 *
 * @param batch the operations, empty when there is nothing to add
 * @param added the bullets added
 * @param renumbered how many of them got a new id
 * @param skipped how many were already present
 */
record PlaybookImport(DeltaBatch batch, int added, int renumbered, int skipped) {
  /** Above this many counts in all, an import would write one TAG per count into one log line: refused. */
  static final long MAX_COUNTS = 100_000;

  /**
   * Refuses, before anything is opened, an import whose counters add up to more than {@link #MAX_COUNTS}.
   *
   * @throws BadInputException naming {@code source}
   */
  static void requireWithinCap(Playbook imported, String source) {
    long counts = imported.active().stream().mapToLong(b -> (long) b.helpful() + b.harmful() + b.neutral()).sum();
    if (counts > MAX_COUNTS) {
      throw new BadInputException(source + ": its counters add up to " + counts + ", more than the " + MAX_COUNTS
          + " ace imports (one TAG each): lower them in the file");
    }
  }

  /** The batch that adds {@code imported} to {@code current}; {@code source} names the file in provenance. */
  static PlaybookImport of(Playbook current, Playbook imported, String source) {
    Set<String> present = new HashSet<>();
    current.active().forEach(b -> present.add(contentKey(b)));
    List<Operation> adds = new ArrayList<>();
    List<Operation> tags = new ArrayList<>();
    long next = current.nextId();
    int renumbered = 0;
    int skipped = 0;
    for (Bullet bullet : imported.active()) {
      if (!present.add(contentKey(bullet))) {
        skipped++;
        continue;
      }
      String id = bullet.id();
      if (bullet.number() < next) {
        id = slug(bullet.section()) + "-" + String.format("%05d", next);
        renumbered++;
      }
      next = Math.max(next, number(id)) + 1;
      adds.add(new Operation.Add(bullet.section(), bullet.content(), Optional.of(id),
          bullet.provenance().evidence()));
      tags.addAll(Collections.nCopies(bullet.helpful(), Operation.Tag.of(id, Operation.Verdict.HELPFUL)));
      tags.addAll(Collections.nCopies(bullet.harmful(), Operation.Tag.of(id, Operation.Verdict.HARMFUL)));
      tags.addAll(Collections.nCopies(bullet.neutral(), Operation.Tag.of(id, Operation.Verdict.NEUTRAL)));
    }
    List<Operation> operations = new ArrayList<>(adds);
    operations.addAll(tags);
    DeltaBatch batch = new DeltaBatch("import " + source, operations, new Provenance("", "", "IMPORT",
        "imported from " + source));
    return new PlaybookImport(batch, adds.size(), renumbered, skipped);
  }

  private static String contentKey(Bullet bullet) {
    return Sections.key(bullet.section()) + "\n" + bullet.content().strip();
  }

  /** The section's slug, or {@code misc} when it holds characters an id may not ({@code [a-z0-9_]}). */
  private static String slug(String section) {
    String slug = Sections.slug(section);
    return slug.matches("[a-z0-9_]+") ? slug : "misc";
  }

  private static long number(String id) {
    return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
  }
}

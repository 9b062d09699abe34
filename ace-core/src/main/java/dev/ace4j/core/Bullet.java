package dev.ace4j.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One strategy of a playbook: an id ({@code slug-00001}), the section it belongs to, its content, how often the
 * Reflector found it helpful, harmful or neutral, timestamps, status, revision, provenance and, for a bullet that
 * absorbed others, their ids. Immutable; changed only by {@link Playbook#apply}.
 *
 * @param mergedFrom ids of bullets merged into this one, oldest first
 */
public record Bullet(
    String id,
    String section,
    String content,
    int helpful,
    int harmful,
    int neutral,
    Instant createdAt,
    Instant updatedAt,
    Status status,
    int revision,
    Provenance provenance,
    List<String> mergedFrom) {

  /** {@code slug-NNNNN}: a lower-case slug and the number from the playbook's one global counter. */
  public static final Pattern ID = Pattern.compile("[a-z0-9_]+-\\d{5,}");

  /** Whether a bullet is in use; removed bullets stay, for history and lineage. */
  public enum Status {
    ACTIVE,
    REMOVED
  }

  public Bullet {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("bullet id '" + id + "' is not of the form slug-00001");
    }
    if (section == null || section.isBlank()) {
      throw new IllegalArgumentException("bullet " + id + " has no section");
    }
    if (content == null || content.isBlank()) {
      throw new IllegalArgumentException("bullet " + id + " has no content");
    }
    if (helpful < 0 || harmful < 0 || neutral < 0) {
      throw new IllegalArgumentException("bullet " + id + " has a negative counter");
    }
    if (revision < 1) {
      throw new IllegalArgumentException("bullet " + id + " has revision " + revision + ", not 1 or more");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(status, "status");
    provenance = provenance == null ? Provenance.none() : provenance;
    mergedFrom = mergedFrom == null ? List.of() : List.copyOf(mergedFrom);
  }

  /** A new, active bullet at revision 1 with zero counters. */
  public static Bullet create(String id, String section, String content, Instant now, Provenance provenance) {
    return new Bullet(id, section, content, 0, 0, 0, now, now, Status.ACTIVE, 1, provenance, List.of());
  }

  public boolean active() {
    return status == Status.ACTIVE;
  }

  /** The number of the id ({@code 7} for {@code str-00007}). */
  public long number() {
    return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
  }

  Bullet withContent(String value, Instant now) {
    return new Bullet(id, section, value, helpful, harmful, neutral, createdAt, now, status, revision + 1, provenance,
        mergedFrom);
  }

  Bullet withCounters(int newHelpful, int newHarmful, int newNeutral, Instant now) {
    return new Bullet(id, section, content, newHelpful, newHarmful, newNeutral, createdAt, now, status, revision,
        provenance, mergedFrom);
  }

  Bullet removed(Instant now) {
    return new Bullet(id, section, content, helpful, harmful, neutral, createdAt, now, Status.REMOVED, revision + 1,
        provenance, mergedFrom);
  }

  Bullet absorbing(List<Bullet> others, String mergedContent, Instant now) {
    int h = helpful;
    int x = harmful;
    int n = neutral;
    List<String> lineage = new java.util.ArrayList<>(mergedFrom);
    for (Bullet other : others) {
      h += other.helpful;
      x += other.harmful;
      n += other.neutral;
      lineage.addAll(other.mergedFrom);
      lineage.add(other.id);
    }
    return new Bullet(id, section, mergedContent, h, x, n, createdAt, now, status, revision + 1, provenance, lineage);
  }
}

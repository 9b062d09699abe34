package dev.ace4j.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A versioned, immutable playbook: bullets grouped into sections, removed ones kept for history, one global id
 * counter. {@link #apply} is the only way to change it: a {@link DeltaBatch} is validated whole and applied as one
 * new version, or rejected with nothing changed.
 *
 * @param version 0 for an empty playbook, one more for every applied batch
 * @param nextId the number the next new bullet gets; never goes down, so ids never repeat
 * @param sections section names in the order they appeared
 * @param bullets every bullet, active and removed, in the order they were added
 */
public record Playbook(long version, long nextId, List<String> sections, List<Bullet> bullets) {

  public Playbook {
    if (version < 0) {
      throw new IllegalArgumentException("playbook version " + version + " is negative");
    }
    sections = List.copyOf(sections);
    bullets = List.copyOf(bullets);
    Set<String> ids = new HashSet<>();
    long highest = 0;
    for (Bullet bullet : bullets) {
      if (!ids.add(bullet.id())) {
        throw new IllegalArgumentException("playbook holds bullet id " + bullet.id() + " twice");
      }
      highest = Math.max(highest, bullet.number());
    }
    if (nextId <= highest) {
      throw new IllegalArgumentException(
          "playbook's next id " + nextId + " is not above its highest bullet number " + highest);
    }
  }

  /** An empty playbook at version 0. */
  public static Playbook empty() {
    return new Playbook(0, 1, List.of(), List.of());
  }

  /** The bullet with this id, active or removed. */
  public Optional<Bullet> find(String id) {
    return bullets.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /** Active bullets, in order. */
  public List<Bullet> active() {
    return bullets.stream().filter(Bullet::active).toList();
  }

  /** Active bullets by section, sections in order (sections without active bullets left out). */
  public Map<String, List<Bullet>> bySection() {
    // One pass over the bullets: this runs for every prompt view, over playbooks of thousands of bullets.
    Map<String, List<Bullet>> byKey = new HashMap<>();
    for (Bullet bullet : bullets) {
      if (bullet.active()) {
        byKey.computeIfAbsent(Sections.key(bullet.section()), key -> new ArrayList<>()).add(bullet);
      }
    }
    Map<String, List<Bullet>> grouped = new LinkedHashMap<>();
    for (String section : sections) {
      List<Bullet> inSection = byKey.get(Sections.key(section));
      if (inSection != null) {
        grouped.put(section, List.copyOf(inSection));
      }
    }
    return grouped;
  }

  /**
   * This playbook with {@code batch} applied, as version + 1. Every operation is checked against the playbook as
   * the ones before it left it; the first that cannot apply rejects the whole batch.
   *
   * @throws InvalidBatchException naming the operation and why; this playbook is unchanged (it is immutable)
   */
  public Playbook apply(DeltaBatch batch, Instant now) {
    Draft draft = new Draft(this);
    List<Operation> operations = batch.operations();
    for (int i = 0; i < operations.size(); i++) {
      Operation operation = operations.get(i);
      String problem = draft.apply(operation, batch.provenance(), now);
      if (problem != null) {
        throw new InvalidBatchException(i, "operation " + (i + 1) + " (" + describe(operation) + "): " + problem);
      }
    }
    return new Playbook(version + 1, draft.nextId, draft.sections, new ArrayList<>(draft.bullets.values()));
  }

  private static String describe(Operation operation) {
    if (operation instanceof Operation.Add add) {
      return "ADD to " + add.section();
    } else if (operation instanceof Operation.Update update) {
      return "UPDATE " + update.bulletId();
    } else if (operation instanceof Operation.Tag tag) {
      return "TAG " + tag.bulletId() + " " + tag.verdict();
    } else if (operation instanceof Operation.Remove remove) {
      return "REMOVE " + remove.bulletId();
    }
    return "MERGE " + String.join(", ", ((Operation.Merge) operation).bulletIds());
  }

  /** The mutable working copy one batch is applied to. */
  private static final class Draft {
    private final LinkedHashMap<String, Bullet> bullets = new LinkedHashMap<>();
    private final List<String> sections;
    private long nextId;

    Draft(Playbook playbook) {
      playbook.bullets.forEach(b -> bullets.put(b.id(), b));
      this.sections = new ArrayList<>(playbook.sections);
      this.nextId = playbook.nextId;
    }

    /** Applies one operation and returns null, or returns why it cannot apply (and leaves the draft as it was). */
    @Nullable String apply(Operation operation, Provenance provenance, Instant now) {
      if (operation instanceof Operation.Add add) {
        return add(add, provenance, now);
      } else if (operation instanceof Operation.Update update) {
        return update(update, now);
      } else if (operation instanceof Operation.Tag tag) {
        return tag(tag, now);
      } else if (operation instanceof Operation.Remove remove) {
        return remove(remove, now);
      } else if (operation instanceof Operation.Merge merge) {
        return merge(merge, now);
      }
      return "unknown operation";
    }

    private @Nullable String add(Operation.Add add, Provenance provenance, Instant now) {
      if (add.section() == null || add.section().isBlank()) {
        return "no section";
      }
      if (add.content() == null || add.content().isBlank()) {
        return "no content";
      }
      String section = sectionName(add.section().trim());
      String id;
      if (add.bulletId().isPresent()) {
        // An id given by an import: well-formed, and numbered at or above the counter, so numbers never repeat.
        id = add.bulletId().get();
        if (!Bullet.ID.matcher(id).matches()) {
          return "id '" + id + "' is not of the form slug-00001";
        }
        long number = numberOf(id);
        if (number < nextId) {
          // Below the counter the number may belong to a bullet a rollback dropped: it must never be issued again.
          return "id " + id + " is not above the last id issued (next is " + nextId + ")";
        }
        nextId = number + 1;
      } else {
        id = Sections.slug(section) + "-" + String.format("%05d", nextId);
        nextId++;
      }
      if (!sections.contains(section)) {
        sections.add(section);
      }
      Provenance origin = provenance.withOperation("ADD")
          .withEvidence(add.justification().isEmpty() ? provenance.evidence() : add.justification());
      bullets.put(id, Bullet.create(id, section, add.content().strip(), now, origin));
      return null;
    }

    private @Nullable String update(Operation.Update update, Instant now) {
      Bullet bullet = bullets.get(update.bulletId());
      if (bullet == null || !bullet.active()) {
        return inactive(update.bulletId(), bullet);
      }
      if (update.content() == null || update.content().isBlank()) {
        return "no content";
      }
      bullets.put(bullet.id(), bullet.withContent(update.content().strip(), now));
      return null;
    }

    private @Nullable String tag(Operation.Tag tag, Instant now) {
      Bullet bullet = bullets.get(tag.bulletId());
      if (bullet == null || !bullet.active()) {
        return inactive(tag.bulletId(), bullet);
      }
      if (tag.verdict() == null) {
        return "no verdict (helpful, harmful or neutral)";
      }
      int helpful = bullet.helpful() + (tag.verdict() == Operation.Verdict.HELPFUL ? 1 : 0);
      int harmful = bullet.harmful() + (tag.verdict() == Operation.Verdict.HARMFUL ? 1 : 0);
      int neutral = bullet.neutral() + (tag.verdict() == Operation.Verdict.NEUTRAL ? 1 : 0);
      bullets.put(bullet.id(), bullet.withCounters(helpful, harmful, neutral, now));
      return null;
    }

    private @Nullable String remove(Operation.Remove remove, Instant now) {
      Bullet bullet = bullets.get(remove.bulletId());
      if (bullet == null || !bullet.active()) {
        return inactive(remove.bulletId(), bullet);
      }
      bullets.put(bullet.id(), bullet.removed(now));
      return null;
    }

    private @Nullable String merge(Operation.Merge merge, Instant now) {
      List<String> ids = merge.bulletIds();
      if (new HashSet<>(ids).size() != ids.size() || ids.size() < 2) {
        return "needs two or more distinct bullets";
      }
      List<Bullet> group = new ArrayList<>();
      for (String id : ids) {
        Bullet bullet = bullets.get(id);
        if (bullet == null || !bullet.active()) {
          return inactive(id, bullet);
        }
        group.add(bullet);
      }
      group.sort(Comparator.comparingLong(Bullet::number));
      Bullet kept = group.get(0);
      List<Bullet> others = group.subList(1, group.size());
      String content = merge.content().isBlank() ? kept.content() : merge.content().strip();
      bullets.put(kept.id(), kept.absorbing(others, content, now));
      others.forEach(other -> bullets.put(other.id(), other.removed(now)));
      return null;
    }

    /** Why {@code id} cannot be changed: it does not exist or was removed. */
    private static String inactive(String id, @Nullable Bullet bullet) {
      return bullet == null ? "no such bullet " + id : "bullet " + id + " was removed";
    }

    /** The existing spelling of a section with the same key, or {@code name} as given. */
    private String sectionName(String name) {
      String key = Sections.key(name);
      return sections.stream().filter(s -> Sections.key(s).equals(key)).findFirst().orElse(name);
    }

    private static long numberOf(String id) {
      return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
  }
}

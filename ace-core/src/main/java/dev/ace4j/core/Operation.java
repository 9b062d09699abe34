package dev.ace4j.core;

import java.util.List;
import java.util.Optional;

/**
 * One change the Curator asks for. A {@link DeltaBatch} holds a list of them and is applied whole or not at all.
 * Every operation names its bullet(s) by id, except ADD, which gets a new id from the playbook's counter (or the
 * one it names, when importing).
 */
public sealed interface Operation {

  /** The wire name: ADD, UPDATE, TAG, REMOVE, MERGE. */
  String type();

  /** Why the Curator asked for it; may be empty. */
  String justification();

  /** A new bullet in {@code section}. */
  record Add(String section, String content, Optional<String> bulletId, String justification)
      implements Operation {
    public Add {
      bulletId = bulletId == null ? Optional.empty() : bulletId;
      justification = justification == null ? "" : justification;
    }

    public static Add of(String section, String content) {
      return new Add(section, content, Optional.empty(), "");
    }

    @Override
    public String type() {
      return "ADD";
    }
  }

  /** New content for an existing bullet; its revision goes up, its counters stay. */
  record Update(String bulletId, String content, String justification) implements Operation {
    public Update {
      justification = justification == null ? "" : justification;
    }

    @Override
    public String type() {
      return "UPDATE";
    }
  }

  /** The Reflector's verdict on a cited bullet: one more helpful, harmful or neutral. */
  record Tag(String bulletId, Verdict verdict, String justification) implements Operation {
    public Tag {
      justification = justification == null ? "" : justification;
    }

    public static Tag of(String bulletId, Verdict verdict) {
      return new Tag(bulletId, verdict, "");
    }

    @Override
    public String type() {
      return "TAG";
    }
  }

  /** Retires a bullet: it stays in the playbook's history with status REMOVED. */
  record Remove(String bulletId, String justification) implements Operation {
    public Remove {
      justification = justification == null ? "" : justification;
    }

    @Override
    public String type() {
      return "REMOVE";
    }
  }

  /**
   * Merges bullets into the one with the lowest id: counters summed, lineage recorded, the others removed.
   *
   * @param content the merged content; empty keeps the lowest bullet's content
   */
  record Merge(List<String> bulletIds, String content, String justification) implements Operation {
    public Merge {
      bulletIds = bulletIds == null ? List.of() : List.copyOf(bulletIds);
      content = content == null ? "" : content;
      justification = justification == null ? "" : justification;
    }

    @Override
    public String type() {
      return "MERGE";
    }
  }

  /** What a TAG records. */
  enum Verdict {
    HELPFUL,
    HARMFUL,
    NEUTRAL
  }
}

package dev.ace4j.core;

import java.util.List;

/**
 * Finds bullets that say the same thing. {@link LexicalDeduplicator} is the default; a semantic implementation
 * (embeddings) plugs in here. {@link Refinement#mergeDuplicates} turns what it finds into MERGE operations, so
 * duplicates are merged, not just reported.
 */
public interface Deduplicator {

  /**
   * Groups of active bullets, each within one section, sorted by their lowest id number; ids inside a group are in
   * id order. The same playbook must give the same groups.
   */
  List<DuplicateGroup> findDuplicates(Playbook playbook);
}

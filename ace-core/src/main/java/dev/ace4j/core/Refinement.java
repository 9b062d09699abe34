package dev.ace4j.core;

import java.util.List;
import java.util.Set;

/**
 * The paper's refine step as delta operations: duplicate groups become MERGE operations that keep the lowest id
 * and its content, sum the counters and record the others as lineage ({@link Playbook#apply} does the merging, so
 * the result goes through the same validation, history and rollback as any Curator batch).
 */
public final class Refinement {
  /** The provenance of refinement batches. */
  public static final Provenance PROVENANCE = new Provenance("", "", "REFINE", "");

  private Refinement() {}

  /** A batch merging every duplicate group {@code deduplicator} finds; empty when there are none. */
  public static DeltaBatch mergeDuplicates(Playbook playbook, Deduplicator deduplicator) {
    return merging(deduplicator.findDuplicates(playbook));
  }

  /**
   * A batch merging the duplicate groups that hold one of the bullets {@code changed} (see
   * {@link Deduplicator#findDuplicatesOf}); empty when there are none.
   */
  public static DeltaBatch mergeDuplicatesOf(Playbook playbook, Set<String> changed, Deduplicator deduplicator) {
    return changed.isEmpty() ? merging(List.of()) : merging(deduplicator.findDuplicatesOf(playbook, changed));
  }

  /** A batch with one MERGE per group, in the groups' order. */
  public static DeltaBatch merging(List<DuplicateGroup> groups) {
    if (groups.isEmpty()) {
      return new DeltaBatch("no duplicates found", List.of(), PROVENANCE);
    }
    List<Operation> merges = groups.stream()
        .<Operation>map(g -> new Operation.Merge(g.bulletIds(), "", g.reason())).toList();
    int absorbed = groups.stream().mapToInt(g -> g.bulletIds().size() - 1).sum();
    String reasoning = "merge " + groups.size() + " group(s) of duplicate bullets into their lowest id ("
        + absorbed + " bullet(s) retired, counters summed)";
    return new DeltaBatch(reasoning, merges, PROVENANCE);
  }
}

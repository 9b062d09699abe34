package dev.ace4j.core;

import java.util.List;

/**
 * The Curator's changes from one reflection: applied to a playbook as one new version, all or nothing.
 *
 * @param reasoning the Curator's reasoning, kept in the operation log
 * @param operations in the order they apply; each sees the playbook as the ones before it left it
 * @param provenance the task and run the batch came from
 */
public record DeltaBatch(String reasoning, List<Operation> operations, Provenance provenance) {
  public DeltaBatch {
    reasoning = reasoning == null ? "" : reasoning;
    operations = operations == null ? List.of() : List.copyOf(operations);
    provenance = provenance == null ? Provenance.none() : provenance;
  }

  public static DeltaBatch of(Operation... operations) {
    return new DeltaBatch("", List.of(operations), Provenance.none());
  }
}

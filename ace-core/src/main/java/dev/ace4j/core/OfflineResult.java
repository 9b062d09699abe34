package dev.ace4j.core;

import java.util.List;

/**
 * Offline adaptation: the training pass and the validation pass of every epoch, and which epoch's playbook was kept.
 *
 * @param bestEpoch 1-based: the epoch with the best validation accuracy, the earlier on a tie (the last one when
 *     there is no validation set)
 * @param bestVersion the store version that epoch ended at; the store's current playbook holds the same bullets
 *     (a rollback adds a new version when a later epoch was worse)
 */
public record OfflineResult(List<RunResult> epochs, List<RunResult> validations, int bestEpoch, long bestVersion) {
  public OfflineResult {
    epochs = List.copyOf(epochs);
    validations = List.copyOf(validations);
  }
}

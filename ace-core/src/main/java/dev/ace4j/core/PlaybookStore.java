package dev.ace4j.core;

import java.util.List;

/**
 * Where a playbook lives between runs: every applied batch is one new version, kept in an append-only history, so
 * {@link #history}, {@link #at}, {@link #diff} and {@link #rollback} are cheap. One writer at a time; readers get
 * immutable snapshots.
 */
public interface PlaybookStore extends AutoCloseable {

  /** The latest version. */
  Playbook current();

  /**
   * Applies {@code batch} to the latest version (re-read first, if another process may have written) and stores
   * the result as the next version.
   *
   * @throws InvalidBatchException when an operation cannot apply; nothing is written
   */
  Playbook apply(DeltaBatch batch);

  /** Every version, oldest first: its number, when, and the batch that made it. */
  List<Version> history();

  /**
   * The playbook as it was at {@code version}.
   *
   * @throws IllegalArgumentException naming the versions that exist, when {@code version} is not one of them
   */
  Playbook at(long version);

  /** What changed between two versions, bullet by bullet. */
  PlaybookDiff diff(long from, long to);

  /**
   * Makes the playbook as it was at {@code version} the latest again, as a new version (history is never
   * rewritten), and returns it.
   */
  Playbook rollback(long version);

  @Override
  void close();

  /**
   * One entry of the history.
   *
   * @param version the version this batch made
   * @param appliedAt when
   * @param batch what was applied; a rollback is recorded as the batch {@code rollback to N} with no operations
   */
  record Version(long version, java.time.Instant appliedAt, DeltaBatch batch) {}
}

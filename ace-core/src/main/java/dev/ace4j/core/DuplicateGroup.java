package dev.ace4j.core;

import java.util.List;

/**
 * Bullets of one section that say the same thing.
 *
 * @param section the section they share
 * @param bulletIds two or more ids, in id order; the first is the one a merge keeps
 * @param reason why they count as duplicates, for the batch's justification
 */
public record DuplicateGroup(String section, List<String> bulletIds, String reason) {
  public DuplicateGroup {
    bulletIds = List.copyOf(bulletIds);
    if (bulletIds.size() < 2) {
      throw new IllegalArgumentException("a duplicate group needs two or more bullets, got " + bulletIds);
    }
    reason = reason == null ? "" : reason;
  }

  /** The id a merge keeps: the lowest. */
  public String kept() {
    return bulletIds.get(0);
  }
}

package dev.ace4j.core;

import dev.ace4j.core.spi.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The second half of learning from a sample, the one that writes: the Reflector's tags (on bullets still active)
 * and the Curator's batch, made against the tagged playbook, go in as one version, so a sample's lesson is never
 * half applied; then refinement looks at what the batch changed. The loop's one writer while a run holds it.
 */
final class LessonWriter {
  private static final String TAGS_ONLY = "reflector tags";

  private final Curator curator;
  private final PlaybookStore store;
  private final Refiner refiner;
  private final String runId;

  LessonWriter(Curator curator, PlaybookStore store, Refiner refiner, String runId) {
    this.curator = curator;
    this.store = store;
    this.refiner = refiner;
    this.runId = runId;
  }

  /**
   * Writes the lesson of {@code run} and returns what happened to its sample.
   *
   * @param progress where the run is, for the Curator, e.g. {@code epoch 1/2, sample 3/40}
   */
  SampleResult write(Exploration run, String progress) {
    long start = System.nanoTime();
    Provenance provenance = Provenance.of(run.sample().id(), runId);
    Playbook before = store.current();
    List<Operation> tags = List.copyOf(onActiveBullets(run.tags(), before));
    Curated curated = run.problem().isEmpty() && run.lastReflection().isPresent()
        ? curate(run, run.lastReflection().get(), tagged(run, before, tags, provenance), progress, provenance)
        : Curated.NOTHING;
    List<Operation> lesson = new ArrayList<>(tags);
    curated.batch().ifPresent(batch -> lesson.addAll(batch.operations()));
    if (!lesson.isEmpty()) {
      String reasoning = curated.batch().map(DeltaBatch::reasoning).orElse(TAGS_ONLY);
      store.apply(new DeltaBatch(reasoning, lesson, provenance));
    }
    if (curated.batch().isPresent()) {
      refiner.refineSince(before);
    }
    return run.result(curated, store.current().version(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** The Curator's batch for {@code reflection}; an unusable reply is a problem, not a failure of the run. */
  private Curated curate(Exploration run, Reflection reflection, Playbook tagged, String progress,
      Provenance provenance) {
    try {
      Curation curation = curator.curate(run.context(), run.sample(), reflection, tagged, progress, provenance);
      Optional<DeltaBatch> batch = Optional.of(curation.batch()).filter(b -> !b.operations().isEmpty());
      return new Curated(batch, curation.usage(), Optional.empty());
    } catch (ModelReplyException e) {
      return new Curated(Optional.empty(), TokenUsage.ZERO, Optional.of(e.getMessage()));
    }
  }

  /** Tags on bullets that an earlier sample of a batch removed would not apply; they are dropped. */
  private static List<Operation.Tag> onActiveBullets(List<Operation.Tag> tags, Playbook playbook) {
    return tags.stream().filter(tag -> playbook.find(tag.bulletId()).filter(Bullet::active).isPresent()).toList();
  }

  /** The playbook the Curator sees: with the tags applied, as they will be in the same version. */
  private static Playbook tagged(Exploration run, Playbook before, List<Operation> tags, Provenance provenance) {
    return tags.isEmpty()
        ? before
        : before.apply(new DeltaBatch(TAGS_ONLY, tags, provenance), run.context().clock().instant());
  }
}

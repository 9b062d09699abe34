package dev.ace4j.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A store that lives as long as the JVM: for tests, evaluation runs with a frozen start, and embedding. */
public final class InMemoryPlaybookStore implements PlaybookStore {
  private final Clock clock;
  private final List<Playbook> versions = new ArrayList<>();
  private final List<Version> history = new ArrayList<>();

  public InMemoryPlaybookStore(Playbook initial, Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    versions.add(Objects.requireNonNull(initial, "initial"));
  }

  /** A store starting from an empty playbook. */
  public static InMemoryPlaybookStore empty() {
    return new InMemoryPlaybookStore(Playbook.empty(), Clock.systemUTC());
  }

  @Override
  public synchronized Playbook current() {
    return versions.get(versions.size() - 1);
  }

  @Override
  public synchronized Playbook apply(DeltaBatch batch) {
    Playbook next = current().apply(batch, clock.instant());
    versions.add(next);
    history.add(new Version(next.version(), clock.instant(), batch));
    return next;
  }

  @Override
  public synchronized List<Version> history() {
    return List.copyOf(history);
  }

  @Override
  public synchronized Playbook at(long version) {
    return versions.stream().filter(p -> p.version() == version).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no version " + version + ": versions are " + versions.get(0).version()
            + " to " + current().version()));
  }

  @Override
  public PlaybookDiff diff(long from, long to) {
    return PlaybookDiff.between(at(from), at(to));
  }

  @Override
  public synchronized Playbook rollback(long version) {
    Playbook target = at(version);
    Playbook next = new Playbook(current().version() + 1, current().nextId(), target.sections(), target.bullets());
    versions.add(next);
    history.add(new Version(next.version(), clock.instant(),
        new DeltaBatch("rollback to " + version, List.of(), Provenance.none())));
    return next;
  }

  @Override
  public void close() {}
}

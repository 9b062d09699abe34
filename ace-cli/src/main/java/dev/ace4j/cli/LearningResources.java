package dev.ace4j.cli;

import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.SelfLearningCoder;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.HistoryException;
import dev.ace4j.core.InMemoryPlaybookStore;
import dev.ace4j.core.PlaybookFormatException;
import dev.ace4j.flow.Flow;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Sandboxes;
import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Everything a learning command opens: the history, the sandbox, the flow and the coder with its playbook. Closed
 * in reverse order of opening; what failed to open is reported as bad input naming the file and the fix.
 */
final class LearningResources implements AutoCloseable {
  final History history;
  final Sandbox sandbox;
  final SelfLearningCoder coder;
  final Benchmark benchmark;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /**
   * @param playbook the playbook file to learn into; empty for a fresh playbook in memory (an evaluation without one)
   * @throws BadInputException when the history or the playbook file is not usable
   */
  LearningResources(AceHome home, ChosenModel model, SandboxSettings settings, OpenTelemetry openTelemetry,
      Optional<Path> playbook, int rounds, int parallelism, String runId) {
    try {
      history = open(History.open(home.database()));
      sandbox = open(Sandboxes.create(settings));
      Flow flow = open(Flow.builder().openTelemetry(openTelemetry).build());
      SelfLearningCoder.Builder builder = SelfLearningCoder.builder(model.model())
          .sandbox(sandbox).flow(flow).rounds(rounds).parallelism(parallelism).pricing(model.pricing()).runId(runId);
      if (playbook.isPresent()) {
        builder.playbook(playbook.get());
      } else {
        builder.store(InMemoryPlaybookStore.empty());
      }
      coder = open(builder.build());
      benchmark = new Benchmark(coder, sandbox, history, model.pricing(), Clock.systemUTC());
    } catch (HistoryException | PlaybookFormatException e) {
      close();
      throw new BadInputException(String.valueOf(e.getMessage())); // neither type has a null message
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Arms Ctrl-C and SIGTERM: the history is closed first (nothing more is recorded), then the sandbox (its runs are
   * killed and cleaned up); then {@code howToContinue} is printed.
   */
  Interruption closeOnInterrupt(PrintWriter err, String howToContinue) {
    return Interruption.arm(err, howToContinue, List.of(history, sandbox));
  }

  private <T extends AutoCloseable> T open(T resource) {
    opened.push(resource);
    return resource;
  }

  @Override
  public void close() {
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        // Everything worth keeping is already durable (history rows, playbook versions); go on closing the rest.
      }
    }
  }
}

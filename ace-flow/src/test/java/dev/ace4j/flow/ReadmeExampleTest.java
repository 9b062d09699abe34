package dev.ace4j.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ace-flow example of README.md, kept compiling and true. */
class ReadmeExampleTest {
  private final AtomicInteger downloads = new AtomicInteger();

  private String download(String url) {
    if (downloads.incrementAndGet() < 2) {
      throw new IllegalStateException("connection reset");
    }
    return "<html>" + url + "</html>";
  }

  @Test
  void theReadmeExampleRetriesAndRunsBothBranches() throws Exception {
    OpenTelemetry openTelemetry = OpenTelemetry.noop();
    Retry retry = Retry.builder().maxAttempts(3).delay(Duration.ofMillis(200)).build();
    Step<String, String> fetch = Step.of("fetch", (String url, Context context) -> download(url))
        .with(retry, Timeout.of(Duration.ofSeconds(5)));
    Step<String, Integer> count = Step.of("count", (String text, Context context) -> text.length());
    Step<String, Integer> zero = Step.of("zero", (String url, Context context) -> 0);
    Step<String, List<Integer>> both = Parallel.all("both", List.of(fetch.then(count), zero));

    try (Flow flow = Flow.builder().openTelemetry(openTelemetry).build()) {
      List<Integer> sizes = flow.run(both, "https://example.org");
      assertThat(sizes).containsExactly("<html>https://example.org</html>".length(), 0);
    }
    assertThat(downloads).hasValue(2);
  }
}

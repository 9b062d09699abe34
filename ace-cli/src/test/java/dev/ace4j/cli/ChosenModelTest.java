package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.models.ModelException;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The model the learning commands open: its retry progress lines, its price, and the failures they end in. */
class ChosenModelTest {
  private static final TokenUsage MILLION_EACH = new TokenUsage(1_000_000, 1_000_000);

  @TempDir Path home;
  private final StringWriter err = new StringWriter();

  @Command(name = "probe")
  static final class Probe {
    @Mixin ModelOptions model;
  }

  /** The options as a command given {@code args} sees them, printing its stderr into {@link #err}. */
  private ModelOptions options(String... args) {
    Probe probe = new Probe();
    CommandLine commandLine = new CommandLine(probe);
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.parseArgs(args);
    return probe.model;
  }

  private ChosenModel open(ModelOptions options) {
    return ChosenModel.open(options, Map.of("ACE4J_HOME", home.toString()), AceHome.of(Map.of("ACE4J_HOME",
        home.toString())), List.of(), OpenTelemetry.noop());
  }

  @Test
  void printsOneStderrLinePerRetryOfTheOneRetryPolicyNamingTheStatusTheServerTheWaitAndTheAttempt() {
    try (CannedServer server = CannedServer.answering(429, "{\"error\":{\"message\":\"slow down\"}}",
            Map.of("Retry-After", "0.05"));
        ChosenModel chosen = open(options("--model", "openai-compatible:m", "--base-url", server.url(), "--no-cache"))) {
      assertThatThrownBy(() -> chosen.model().chat(ModelRequest.of("hi"))).isInstanceOf(ModelException.class)
          .hasMessageContaining(server.url()).hasMessageContaining("HTTP 429");

      assertThat(err.toString().lines()).containsExactly(
          "model: HTTP 429 from " + server.url() + ", retrying in 50 ms (2/4)",
          "model: HTTP 429 from " + server.url() + ", retrying in 50 ms (3/4)",
          "model: HTTP 429 from " + server.url() + ", retrying in 50 ms (4/4)");
      assertThat(server.requests()).isEqualTo(4);
    }
  }

  @Test
  void opensTheResponseCacheInAceDbAndClosesItsConnectionWithTheModel() {
    Path wal = home.resolve("ace.db-wal");
    ChosenModel chosen = open(options("--model", "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1"));
    assertThat(wal).as("the write-ahead log of an open connection").exists();
    chosen.close();

    assertThat(wal).as("removed when the last connection closes").doesNotExist();
  }

  @Test
  void aReplayOrNoCacheOpensNoDatabase() throws IOException {
    Path recording = Files.writeString(home.resolve("session.jsonl"), exchange("openai", "gpt-4o-mini"));
    open(options("--model", "replay:" + recording)).close();
    open(options("--model", "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1", "--no-cache")).close();

    assertThat(home.resolve("ace.db")).doesNotExist();
  }

  @Test
  void aGivenPriceCostsTheTokensAtThatPrice() {
    try (ChosenModel chosen = open(options("--model", "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1",
        "--price", "0.2/0.6"))) {
      assertThat(chosen.pricing().cost(MILLION_EACH)).hasValueSatisfying(
          cost -> assertThat(cost).isEqualByComparingTo("0.8"));
    }
  }

  @Test
  void anOpenAiCompatibleModelNobodyPricedHasAnUnknownCost() {
    try (ChosenModel chosen = open(options("--model", "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1"))) {
      assertThat(chosen.pricing().cost(MILLION_EACH)).isEmpty();
    }
  }

  @Test
  void thePricesFileInTheHomePricesTheModel() throws IOException {
    Files.writeString(home.resolve("prices.json"),
        "{\"prices\": {\"openai-compatible\": {\"m\": {\"input\": 1, \"output\": 3}}}}");

    try (ChosenModel chosen = open(options("--model", "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1"))) {
      assertThat(chosen.pricing().cost(MILLION_EACH)).contains(new BigDecimal(4));
    }
  }

  @Test
  void aReplayCostsWhatItsAnswersCostWhenTheRecordedModelGaveThem() throws IOException {
    Path recording = Files.writeString(home.resolve("session.jsonl"), exchange("openai", "gpt-4o-mini"));

    try (ChosenModel chosen = open(options("--model", "replay:" + recording))) {
      assertThat(chosen.pricing().cost(MILLION_EACH)).contains(new BigDecimal("0.75"));
    }
  }

  @Test
  void aReplayOfAnUnpricedOrOfSeveralModelsHasAnUnknownCost() throws IOException {
    Path unpriced = Files.writeString(home.resolve("unpriced.jsonl"), exchange("openai-compatible", "m"));
    Path several = Files.writeString(home.resolve("several.jsonl"),
        exchange("openai", "gpt-4o-mini") + exchange("openai", "gpt-4o"));

    for (Path recording : List.of(unpriced, several)) {
      try (ChosenModel chosen = open(options("--model", "replay:" + recording))) {
        assertThat(chosen.pricing().cost(MILLION_EACH)).as(recording.toString()).isEmpty();
      }
    }
  }

  private static String exchange(String provider, String model) {
    return "{\"digest\":\"v2:0\",\"role\":\"generator\",\"provider\":\"" + provider + "\",\"model\":\"" + model
        + "\",\"request\":{\"messages\":[{\"role\":\"user\",\"text\":\"" + model + "\"}],"
        + "\"response_format\":{\"type\":\"text\"},\"temperature\":0},"
        + "\"reply\":{\"text\":\"ok\",\"input_tokens\":1,\"output_tokens\":1,\"model\":\"" + model + "\"}}\n";
  }

  @Test
  void aMalformedPricesFileInTheHomeIsBadInputNamingIt() throws IOException {
    Path prices = Files.writeString(home.resolve("prices.json"), "{\"prices\": {\"openia\": {}}}");

    assertThatThrownBy(() -> open(options("--model", "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1")))
        .isInstanceOf(BadInputException.class).hasMessageContaining(prices.toString())
        .hasMessageContaining("openia");
  }

  @Test
  void aPriceThatIsNotInOverOutIsABadInputLineNamingTheOptionAndTheFix() {
    for (String bad : List.of("0.15", "cheap", "-1/2", "1/2/3")) {
      AceRun run = AceRun.of("solve", "write add", "--price", bad);

      assertThat(run.exitCode()).as(bad).isEqualTo(2);
      assertThat(run.errLines()).as(bad).singleElement().asString()
          .contains("--price").contains("'" + bad + "'").contains("IN/OUT, e.g. --price 0.15/0.60");
    }
  }

  @Test
  void solveAgainstARefusedConnectionEndsInOneLineNamingTheUrlWithinTheBackoffBudget() throws IOException {
    String url = "http://127.0.0.1:" + closedPort() + "/v1";
    long start = System.nanoTime();

    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "solve",
        "Write def double(x) returning twice x.", "--model", "openai-compatible:m", "--base-url", url);

    // the default backoff: 1 + 2 + 4 s, each at most 20% longer
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    List<String> lines = run.errLines();
    assertThat(lines.stream().filter(line -> line.startsWith("model: connection refused from " + url))).hasSize(3);
    assertThat(lines.get(lines.size() - 1)).contains(url).contains("connection refused")
        .doesNotContain("ClosedChannelException");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

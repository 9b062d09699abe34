package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {
  @TempDir Path dir;

  private Map<String, String> read(String text) throws IOException {
    Path file = dir.resolve(".env");
    Files.writeString(file, text);
    return DotEnv.read(file);
  }

  @Test
  void readsBareQuotedAndExportedValuesSkippingCommentsAndBlankLines() throws IOException {
    Map<String, String> vars = read("""
        # a comment

        A=plain value # trailing comment
        export B="double \\"quoted\\" # not a comment"
        C='single $literal \\n'
        D=
        E=x#y
        """);

    assertThat(vars).containsExactlyInAnyOrderEntriesOf(Map.of(
        "A", "plain value", "B", "double \"quoted\" # not a comment", "C", "single $literal \\n", "D", "",
        "E", "x#y"));
  }

  @Test
  void aMissingFileDefinesNothing() {
    assertThat(DotEnv.read(dir.resolve("absent"))).isEmpty();
  }

  @Test
  void anUnclosedQuoteIsReportedByLineNumber() {
    assertThatThrownBy(() -> read("A=1\nB=\"open\n"))
        .isInstanceOf(ModelConfigurationException.class)
        .hasMessageContaining("line 2 has an unclosed double quote");
  }
}

package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code ace} launcher script, run with a stand-in {@code java} that prints what it was given: arguments reach
 * Java as UTF-8 whatever the locale (Java decodes them with the locale's character set).
 */
class LauncherTest {
  @TempDir Path root;

  @ParameterizedTest(name = "LANG={0}")
  @ValueSource(strings = {"", "C", "POSIX", "en_US.ISO-8859-1", "en_US.UTF-8"})
  void nonAsciiArgumentsReachJavaUnderAUtf8Locale(String lang) throws IOException, InterruptedException {
    Files.copy(Path.of("..", "ace"), root.resolve("ace"));
    Files.createDirectories(root.resolve("ace-cli/target"));
    Files.writeString(root.resolve("ace-cli/target/ace-cli.jar"), "");
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.writeString(bin.resolve("java"), """
        #!/bin/sh
        if [ "$1" = -version ]; then echo 'openjdk version "17.0.15" 2025-04-15' >&2; exit 0; fi
        echo "locale=${LC_ALL:-${LC_CTYPE:-$LANG}}"
        while [ "$1" != -jar ]; do shift; done
        shift 2
        printf '%s\\n' "$@"
        """);
    Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("ace").toString(), "--code", "print('héllo ✓')")
        .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG"));
    if (!lang.isEmpty()) {
      environment.put("LANG", lang);
    }
    environment.put("PATH", bin + ":/usr/bin:/bin");
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> lines = List.of(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .split("\n"));

    assertThat(lines).as("locale").first().asString().containsIgnoringCase("utf");
    assertThat(lines).containsSubsequence("--code", "print('héllo ✓')");
  }
}

package dev.ace4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** What ace-sandbox brings to its users' class path, and what it keeps to itself. */
class PackagingTest {

  @Test
  void theJUnitConsoleLauncherIsNotOnTheClassPathOfUsers() {
    assertThatThrownBy(() -> Class.forName("org.junit.platform.console.ConsoleLauncher"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theJUnitConsoleLauncherTravelsInsideTheJarWithItsVersion() throws IOException {
    try (InputStream jar = getClass().getResourceAsStream(
            "/dev/ace4j/sandbox/internal/junit-platform-console-standalone.jar");
        InputStream version = getClass().getResourceAsStream("/dev/ace4j/sandbox/internal/junit-console.properties")) {
      assertThat(jar).isNotNull();
      assertThat(jar.readNBytes(2)).containsExactly('P', 'K');
      assertThat(new String(version.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .containsPattern("version=[0-9]+\\.[0-9]+");
    }
  }

  @Test
  void pitTravelsInsideTheJarWithTheListOfItsJars() throws IOException {
    try (InputStream list = getClass().getResourceAsStream("/dev/ace4j/sandbox/internal/pitest/jars")) {
      String names = new String(list.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      assertThat(names).contains("pitest-command-line-", "pitest-entry-", "pitest-junit5-plugin-")
          .doesNotContain("html-report");
      for (String name : names.split(",")) {
        try (InputStream jar = getClass().getResourceAsStream("/dev/ace4j/sandbox/internal/" + name)) {
          assertThat(jar).as(name).isNotNull();
          assertThat(jar.readNBytes(2)).as(name).containsExactly('P', 'K');
        }
      }
    }
  }
}

package dev.ace4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.WorkFile;
import dev.ace4j.sandbox.internal.sealed.AceSealed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JavaBridgeTest {
  @Test
  void copiesEveryClassFileOfTheSealedPackageAndTheGuardToTheTestsSideOnly() throws Exception {
    Path dir = Path.of(AceSealed.class.getResource("AceSealed.class").toURI()).getParent();
    try (Stream<Path> files = Files.list(dir)) {
      String[] compiled = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
          .map(n -> ".ace-bridge/dev/ace4j/sandbox/internal/sealed/" + n)
          .toArray(String[]::new);

      assertThat(JavaBridge.testSide(".ace-bridge")).extracting(WorkFile::path).containsExactlyInAnyOrder(compiled);
      assertThat(JavaBridge.codeSide(".ace-bridge")).extracting(WorkFile::path)
          .hasSize(compiled.length - 1).noneMatch(p -> p.endsWith("AceSealedGuard.class"));
    }
  }
}

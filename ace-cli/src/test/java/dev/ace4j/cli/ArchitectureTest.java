package dev.ace4j.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seams between modules, checked on the compiled main classes of every module that ace-cli puts together:
 * the dependency arrows of docs/ARCHITECTURE.md, no module reaching into another's {@code internal} package, and
 * every package null-marked.
 */
class ArchitectureTest {
  private static final JavaClasses ACE4J = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.ace4j");

  /** Each module and the ace4j modules it may depend on (its compile dependencies, nothing pointing back up). */
  private static final Map<String, List<String>> ALLOWED = Map.of(
      "flow", List.of(),
      "sandbox", List.of(),
      "core", List.of("flow"),
      "models", List.of("core", "flow"),
      "coder", List.of("core", "flow", "sandbox"),
      "mcp", List.of());

  @Test
  void everyModuleWasImported() {
    for (String module : List.of("flow", "sandbox", "core", "models", "coder", "mcp", "cli")) {
      assertThat(ACE4J.containPackage("dev.ace4j." + module)).as(module).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"flow", "sandbox", "core", "models", "mcp"})
  void noClassOutsideAModuleUsesItsInternalPackage(String module) {
    noClasses().that().resideOutsideOfPackage("dev.ace4j." + module + "..")
        .should().dependOnClassesThat().resideInAPackage("dev.ace4j." + module + ".internal..")
        .because("internal packages are implementation that may change without notice")
        .check(ACE4J);
  }

  @ParameterizedTest
  @ValueSource(strings = {"flow", "sandbox", "core", "models", "coder", "mcp"})
  void modulesDependOnlyOnTheModulesBelowThem(String module) {
    List<String> allowed = ALLOWED.get(module);
    String[] forbidden = List.of("flow", "sandbox", "core", "models", "coder", "mcp", "cli").stream()
        .filter(other -> !other.equals(module) && !allowed.contains(other))
        .map(other -> "dev.ace4j." + other + "..")
        .toArray(String[]::new);
    noClasses().that().resideInAPackage("dev.ace4j." + module + "..")
        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
        .check(ACE4J);
  }

  @Test
  void everyPackageIsNullMarked() {
    List<String> unmarked = ACE4J.stream().map(c -> c.getPackage())
        .distinct()
        .filter(p -> !p.getClasses().isEmpty())
        .filter(p -> !p.isAnnotatedWith(NullMarked.class))
        .map(JavaPackage::getName)
        .sorted()
        .toList();

    assertThat(unmarked).as("packages without a package-info.java marked @NullMarked").isEmpty();
  }
}

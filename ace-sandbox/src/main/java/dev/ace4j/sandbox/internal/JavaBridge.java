package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.WorkFile;
import dev.ace4j.sandbox.internal.sealed.AceSealed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The class files of the Java side of sealed test execution ({@code dev.ace4j.sandbox.internal.sealed}), as work
 * files under a folder of the sandbox, read once from ace4j's own jar: the classes compiled with ace4j, so neither
 * sandbox spends time compiling them.
 */
final class JavaBridge {
  static final String MAIN = AceSealed.class.getName();
  /** The JUnit hook, on the tests' side only: it needs JUnit, which the code's side does not have. */
  private static final String GUARD = AceSealed.class.getPackageName() + ".AceSealedGuard";
  private static final List<String> CLASSES = classNames();
  private static final List<byte[]> BYTES = CLASSES.stream().map(JavaBridge::read).toList();

  private JavaBridge() {}

  static List<WorkFile> testSide(String folder) {
    return files(folder, true);
  }

  static List<WorkFile> codeSide(String folder) {
    return files(folder, false);
  }

  private static List<WorkFile> files(String folder, boolean withGuard) {
    List<WorkFile> files = new ArrayList<>();
    for (int i = 0; i < CLASSES.size(); i++) {
      if (withGuard || !CLASSES.get(i).equals(GUARD)) {
        files.add(new WorkFile(folder + "/" + path(CLASSES.get(i)), BYTES.get(i)));
      }
    }
    return files;
  }

  /**
   * AceSealed, every class nested in it and the numbered classes javac adds beside them (anonymous classes, the
   * tables of a switch on an enum), then the guard.
   */
  static List<String> classNames() {
    List<String> names = new ArrayList<>();
    ArrayDeque<Class<?>> queue = new ArrayDeque<>(List.of(AceSealed.class));
    while (!queue.isEmpty()) {
      Class<?> type = queue.poll();
      names.add(type.getName());
      for (int n = 1; JavaBridge.class.getResource("/" + path(type.getName() + "$" + n)) != null; n++) {
        names.add(type.getName() + "$" + n);
      }
      queue.addAll(List.of(type.getDeclaredClasses()));
    }
    names.add(GUARD);
    return List.copyOf(names);
  }

  private static String path(String className) {
    return className.replace('.', '/') + ".class";
  }

  private static byte[] read(String className) {
    try (InputStream in = JavaBridge.class.getResourceAsStream("/" + path(className))) {
      if (in == null) {
        throw new IllegalStateException("missing class " + className + " in ace-sandbox");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

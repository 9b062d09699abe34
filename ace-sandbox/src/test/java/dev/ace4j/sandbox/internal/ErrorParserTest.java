package dev.ace4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.Language;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every fixture is the real standard error of Debian's python3 3.11, OpenJDK 17, Node 20.20 or Bash 5.2, run the
 * way {@link Runners} runs them, in /tmp/work.
 */
class ErrorParserTest {

  private static ExecutionError parse(Language language, String stderr) {
    return ErrorParser.parse(language, stderr).orElseThrow(() -> new AssertionError("no error found in:\n" + stderr));
  }

  @Nested
  class Python {
    static final String ZERO_DIVISION = """
        Traceback (most recent call last):
          File "/tmp/work/main.py", line 5, in <module>
            print(divide(1, 0))
                  ^^^^^^^^^^^^
          File "/tmp/work/main.py", line 2, in divide
            return a / b
                   ~~^~~
        ZeroDivisionError: division by zero
        """;

    @Test
    void readsTheExceptionTypeAndMessage() {
      ExecutionError error = parse(Language.PYTHON, ZERO_DIVISION);

      assertThat(error.name()).isEqualTo("ZeroDivisionError");
      assertThat(error.value()).isEqualTo("division by zero");
    }

    @Test
    void keepsTheWholeTracebackAsPrinted() {
      ExecutionError error = parse(Language.PYTHON, ZERO_DIVISION);

      assertThat(error.traceback()).isEqualTo(ZERO_DIVISION.stripTrailing());
    }

    @Test
    void keepsTheModulePrefixOfTheExceptionName() {
      ExecutionError error = parse(Language.PYTHON, """
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 3, in <module>
              raise mymod.CustomError("custom failure")
          mymod.CustomError: custom failure
          """);

      assertThat(error.name()).isEqualTo("mymod.CustomError");
      assertThat(error.value()).isEqualTo("custom failure");
    }

    @Test
    void readsAnEmptyValueForAnExceptionWithoutMessage() {
      ExecutionError error = parse(Language.PYTHON, """
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 1, in <module>
              raise ValueError()
          ValueError
          """);

      assertThat(error.name()).isEqualTo("ValueError");
      assertThat(error.value()).isEmpty();
    }

    @Test
    void readsAMessageOfSeveralLines() {
      ExecutionError error = parse(Language.PYTHON, """
          warning: disk almost full
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 3, in <module>
              raise ValueError("first line\\nsecond line\\n  third indented")
          ValueError: first line
          second line
            third indented
          """);

      assertThat(error.value()).isEqualTo("first line\nsecond line\n  third indented");
      assertThat(error.traceback()).startsWith("Traceback (most recent call last):");
    }

    @Test
    void reportsTheLastExceptionOfAChainRaisedWhileHandlingAnother() {
      String stderr = """
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 2, in <module>
              {}["missing"]
              ~~^^^^^^^^^^^
          KeyError: 'missing'

          During handling of the above exception, another exception occurred:

          Traceback (most recent call last):
            File "/tmp/work/main.py", line 4, in <module>
              raise ValueError("bad value")
          ValueError: bad value
          """;

      ExecutionError error = parse(Language.PYTHON, stderr);

      assertThat(error.name()).isEqualTo("ValueError");
      assertThat(error.value()).isEqualTo("bad value");
      assertThat(error.traceback()).isEqualTo(stderr.stripTrailing());
    }

    @Test
    void keepsTheCauseOfAnExplicitlyChainedExceptionInTheTraceback() {
      ExecutionError error = parse(Language.PYTHON, """
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 2, in <module>
              int("x")
          ValueError: invalid literal for int() with base 10: 'x'

          The above exception was the direct cause of the following exception:

          Traceback (most recent call last):
            File "/tmp/work/main.py", line 4, in <module>
              raise RuntimeError("wrapped") from e
          RuntimeError: wrapped
          """);

      assertThat(error.name()).isEqualTo("RuntimeError");
      assertThat(error.value()).isEqualTo("wrapped");
      assertThat(error.traceback()).startsWith("Traceback").contains("ValueError: invalid literal");
    }

    @Test
    void readsASyntaxErrorReportedWithoutTraceback() {
      String stderr = """
            File "/tmp/work/main.py", line 2
              if x == 1
                       ^
          SyntaxError: expected ':'
          """;

      ExecutionError error = parse(Language.PYTHON, stderr);

      assertThat(error.name()).isEqualTo("SyntaxError");
      assertThat(error.value()).isEqualTo("expected ':'");
      assertThat(error.traceback()).isEqualTo(stderr.stripTrailing());
    }

    @Test
    void readsAnIndentationError() {
      ExecutionError error = parse(Language.PYTHON, """
            File "/tmp/work/main.py", line 2
              return 1
              ^
          IndentationError: expected an indented block after function definition on line 1
          """);

      assertThat(error.name()).isEqualTo("IndentationError");
      assertThat(error.value()).isEqualTo("expected an indented block after function definition on line 1");
    }

    @Test
    void readsASyntaxErrorRaisedByAnImportInsideItsTraceback() {
      ExecutionError error = parse(Language.PYTHON, """
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 1, in <module>
              import helper
            File "/tmp/work/helper.py", line 1
              def broken(:
                         ^
          SyntaxError: invalid syntax
          """);

      assertThat(error.name()).isEqualTo("SyntaxError");
      assertThat(error.value()).isEqualTo("invalid syntax");
      assertThat(error.traceback()).startsWith("Traceback").contains("helper.py");
    }

    @Test
    void readsAKeyboardInterrupt() {
      ExecutionError error = parse(Language.PYTHON, """
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 1, in <module>
              raise KeyboardInterrupt
          KeyboardInterrupt
          """);

      assertThat(error.name()).isEqualTo("KeyboardInterrupt");
      assertThat(error.value()).isEmpty();
    }

    @Test
    void readsAMemoryErrorWithoutMessage() {
      ExecutionError error = parse(Language.PYTHON, """
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 1, in <module>
              x = bytearray(10 ** 12)
                  ^^^^^^^^^^^^^^^^^^^
          MemoryError
          """);

      assertThat(error.name()).isEqualTo("MemoryError");
      assertThat(error.value()).isEmpty();
    }

    @Test
    void readsARecursionErrorAfterItsRepeatedFrames() {
      ExecutionError error = parse(Language.PYTHON, """
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 5, in <module>
              f()
            File "/tmp/work/main.py", line 2, in f
              return f()
                     ^^^
            File "/tmp/work/main.py", line 2, in f
              return f()
                     ^^^
            File "/tmp/work/main.py", line 2, in f
              return f()
                     ^^^
            [Previous line repeated 996 more times]
          RecursionError: maximum recursion depth exceeded
          """);

      assertThat(error.name()).isEqualTo("RecursionError");
      assertThat(error.value()).isEqualTo("maximum recursion depth exceeded");
    }

    @Test
    void readsTheGroupOfAnExceptionGroupAndKeepsItsSubExceptionsInTheTraceback() {
      ExecutionError error = parse(Language.PYTHON, """
            + Exception Group Traceback (most recent call last):
            |   File "/tmp/work/main.py", line 1, in <module>
            |     raise ExceptionGroup("many", [ValueError("a"), TypeError("b")])
            | ExceptionGroup: many (2 sub-exceptions)
            +-+---------------- 1 ----------------
              | ValueError: a
              +---------------- 2 ----------------
              | TypeError: b
              +------------------------------------
          """);

      assertThat(error.name()).isEqualTo("ExceptionGroup");
      assertThat(error.value()).isEqualTo("many (2 sub-exceptions)");
      assertThat(error.traceback()).contains("| ValueError: a", "| TypeError: b");
    }

    @Test
    void readsTheRealTracebackWhenAFakeOneWasPrintedBeforeIt() {
      ExecutionError error = parse(Language.PYTHON, """
          Traceback (most recent call last):
            File "fake.py", line 1, in <module>
          FakeError: printed by the program
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 3, in <module>
              raise LookupError("real one")
          LookupError: real one
          """);

      assertThat(error.name()).isEqualTo("LookupError");
      assertThat(error.traceback()).doesNotContain("FakeError");
    }

    /** Documented behaviour: the last report wins, so a fake printed after the real one is what is reported. */
    @Test
    void reportsAFakeTracebackPrintedAfterTheRealOne() {
      ExecutionError error = parse(Language.PYTHON, """
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 4, in <module>
              1 / 0
              ~~^~~
          ZeroDivisionError: division by zero
          Traceback (most recent call last):
          FakeError: printed after the real one
          """);

      assertThat(error.name()).isEqualTo("FakeError");
    }

    @Test
    void findsNoErrorInATracebackCutOffBeforeItsFinalLine() {
      assertThat(ErrorParser.parse(Language.PYTHON, """
          Traceback (most recent call last):
            File "/tmp/work/main.py", line 5, in <module>
              print(divide(1, 0))
                    ^^^^^^^^^^^^
            File "/tmp/work/main.py", line 2, in divide
          """)).isEmpty();
    }

    @Test
    void findsNoErrorWhenTheProgramExitsWithAMessage() {
      assertThat(ErrorParser.parse(Language.PYTHON, "fatal: giving up\n")).isEmpty();
    }

    @Test
    void keepsTerminalColoursOutOfTheNameAndValue() {
      // Python 3.13 colours its tracebacks on a terminal; a program can print such codes anywhere.
      ExecutionError error = parse(Language.PYTHON, """
          Traceback (most recent call last):
            File \u001B[35m"/tmp/work/main.py"\u001B[0m, line \u001B[35m1\u001B[0m, in \u001B[35m<module>\u001B[0m
          \u001B[1;35mZeroDivisionError\u001B[0m: \u001B[35mdivision by zero\u001B[0m\u001B]0;title\u0007
          """);

      assertThat(error.name()).isEqualTo("ZeroDivisionError");
      assertThat(error.value()).isEqualTo("division by zero");
      assertThat(error.traceback()).doesNotContain("\u001B");
    }

    @Test
    void keepsReplacementCharactersFromInvalidUtf8InTheValue() {
      byte[] stderr = ("Traceback (most recent call last):\n  File \"/tmp/work/main.py\", line 1, in <module>\n"
          + "UnicodeError: caf\u00E9 ").getBytes(StandardCharsets.UTF_8);
      byte[] broken = new byte[stderr.length + 2];
      System.arraycopy(stderr, 0, broken, 0, stderr.length);
      broken[stderr.length] = (byte) 0xC3; // a lead byte without its continuation
      broken[stderr.length + 1] = (byte) 0xFF; // never valid in UTF-8

      ExecutionError error = parse(Language.PYTHON, new String(broken, StandardCharsets.UTF_8));

      assertThat(error.name()).isEqualTo("UnicodeError");
      assertThat(error.value()).isEqualTo("caf\u00E9 \uFFFD\uFFFD");
    }
  }

  @Nested
  class Java {
    @Test
    void readsTheClassAndMessageOfAnUncaughtException() {
      String stderr = """
          Exception in thread "main" java.lang.IllegalStateException: negative: -1
          \tat Main.check(Main.java:8)
          \tat Main.main(Main.java:3)
          """;

      ExecutionError error = parse(Language.JAVA, stderr);

      assertThat(error.name()).isEqualTo("java.lang.IllegalStateException");
      assertThat(error.value()).isEqualTo("negative: -1");
      assertThat(error.traceback()).isEqualTo(stderr.stripTrailing());
    }

    @Test
    void namesTheTopExceptionOfACausedByChainAndKeepsTheChain() {
      ExecutionError error = parse(Language.JAVA, """
          Exception in thread "main" java.lang.RuntimeException: could not parse input
          \tat Main.main(Main.java:6)
          Caused by: java.lang.NumberFormatException: For input string: "x"
          \tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)
          \tat java.base/java.lang.Integer.parseInt(Integer.java:668)
          \tat java.base/java.lang.Integer.parseInt(Integer.java:786)
          \tat Main.main(Main.java:4)
          \tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)
          \tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:77)
          \tat java.base/jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)
          \tat java.base/java.lang.reflect.Method.invoke(Method.java:569)
          \tat jdk.compiler/com.sun.tools.javac.launcher.Main.execute(Main.java:419)
          \tat jdk.compiler/com.sun.tools.javac.launcher.Main.run(Main.java:192)
          \tat jdk.compiler/com.sun.tools.javac.launcher.Main.main(Main.java:132)
          """);

      assertThat(error.name()).isEqualTo("java.lang.RuntimeException");
      assertThat(error.value()).isEqualTo("could not parse input");
      assertThat(error.traceback()).contains("Caused by: java.lang.NumberFormatException")
          .endsWith("launcher.Main.main(Main.java:132)");
    }

    @Test
    void readsAnOutOfMemoryErrorThrownInMain() {
      ExecutionError error = parse(Language.JAVA, """
          Exception in thread "main" java.lang.OutOfMemoryError: Java heap space
          \tat Main.main(Main.java:8)
          """);

      assertThat(error.name()).isEqualTo("java.lang.OutOfMemoryError");
      assertThat(error.value()).isEqualTo("Java heap space");
    }

    /** HotSpot prints this on standard output, so it only shows up here when the streams were merged. */
    @Test
    void readsTheOneLineReportOfExitOnOutOfMemoryError() {
      ExecutionError error = parse(Language.JAVA, "Terminating due to java.lang.OutOfMemoryError: Java heap space\n");

      assertThat(error.name()).isEqualTo("java.lang.OutOfMemoryError");
      assertThat(error.value()).isEqualTo("Java heap space");
    }

    @Test
    void readsAStackOverflowErrorWithoutMessage() {
      // The real report: the header and 1024 identical frames.
      String stderr = "Exception in thread \"main\" java.lang.StackOverflowError\n"
          + "\tat Main.depth(Main.java:3)\n".repeat(1024);

      ExecutionError error = parse(Language.JAVA, stderr);

      assertThat(error.name()).isEqualTo("java.lang.StackOverflowError");
      assertThat(error.value()).isEmpty();
      assertThat(error.traceback().lines()).hasSize(1025);
    }

    @Test
    void readsAMessageOfSeveralLinesFromANestedExceptionClass() {
      ExecutionError error = parse(Language.JAVA, """
          Exception in thread "main" Main$BadThing: line one
          line two
          \tat Main.main(Main.java:9)
          """);

      assertThat(error.name()).isEqualTo("Main$BadThing");
      assertThat(error.value()).isEqualTo("line one\nline two");
    }

    @Test
    void reportsTheLastThreadToDie() {
      ExecutionError error = parse(Language.JAVA, """
          Exception in thread "worker-1" java.lang.ArithmeticException: / by zero
          \tat Main.lambda$main$0(Main.java:4)
          \tat java.base/java.lang.Thread.run(Thread.java:840)
          Exception in thread "main" java.lang.IllegalArgumentException: main failed too
          \tat Main.main(Main.java:8)
          """);

      assertThat(error.name()).isEqualTo("java.lang.IllegalArgumentException");
      assertThat(error.traceback()).doesNotContain("worker-1");
    }

    @Test
    void readsAJavacErrorAsACompilationErrorWithAllOfJavacsOutput() {
      String stderr = """
          Main.java:3: error: ';' expected
              int x = 1
                       ^
          1 error
          error: compilation failed
          """;

      ExecutionError error = parse(Language.JAVA, stderr);

      assertThat(error.name()).isEqualTo(ErrorParser.COMPILATION_ERROR);
      assertThat(error.value()).isEqualTo("';' expected");
      assertThat(error.traceback()).isEqualTo(stderr.stripTrailing());
    }

    @Test
    void namesTheFirstOfSeveralJavacErrors() {
      ExecutionError error = parse(Language.JAVA, """
          Main.java:3: error: incompatible types: int cannot be converted to String
              String s = 42;
                         ^
          Main.java:4: error: cannot find symbol
              undefined();
              ^
            symbol:   method undefined()
            location: class Main
          2 errors
          error: compilation failed
          """);

      assertThat(error.value()).isEqualTo("incompatible types: int cannot be converted to String");
      assertThat(error.traceback()).contains("cannot find symbol").endsWith("error: compilation failed");
    }

    @Test
    void findsNoErrorInOrdinaryOutput() {
      assertThat(ErrorParser.parse(Language.JAVA, "starting\nwarning: cache is cold\ndone\n")).isEmpty();
    }
  }

  @Nested
  class JavaScript {
    static final String TYPE_ERROR = """
        /tmp/work/main.js:4
          x();
          ^

        TypeError: x is not a function
            at run (/tmp/work/main.js:4:3)
            at Object.<anonymous> (/tmp/work/main.js:7:1)
            at Module._compile (node:internal/modules/cjs/loader:1521:14)
            at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)
            at Module.load (node:internal/modules/cjs/loader:1266:32)
            at Module._load (node:internal/modules/cjs/loader:1091:12)
            at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)
            at node:internal/main/run_main_module:28:49

        Node.js v20.20.2
        """;

    @Test
    void readsTheTypeAndMessageOfAnUncaughtError() {
      ExecutionError error = parse(Language.JAVASCRIPT, TYPE_ERROR);

      assertThat(error.name()).isEqualTo("TypeError");
      assertThat(error.value()).isEqualTo("x is not a function");
    }

    @Test
    void keepsTheReportFromTheLocationToTheLastFrame() {
      ExecutionError error = parse(Language.JAVASCRIPT, TYPE_ERROR);

      assertThat(error.traceback()).startsWith("/tmp/work/main.js:4\n  x();")
          .endsWith("at node:internal/main/run_main_module:28:49");
    }

    @Test
    void readsASyntaxError() {
      ExecutionError error = parse(Language.JAVASCRIPT, """
          /tmp/work/main.js:2
          if (a {
                ^

          SyntaxError: Unexpected token '{'
              at wrapSafe (node:internal/modules/cjs/loader:1464:18)
              at Module._compile (node:internal/modules/cjs/loader:1495:20)
              at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)
              at Module.load (node:internal/modules/cjs/loader:1266:32)
              at Module._load (node:internal/modules/cjs/loader:1091:12)
              at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)
              at node:internal/main/run_main_module:28:49

          Node.js v20.20.2
          """);

      assertThat(error.name()).isEqualTo("SyntaxError");
      assertThat(error.value()).isEqualTo("Unexpected token '{'");
    }

    @Test
    void namesAThrownStringUncaughtWithTheStringAsValue() {
      ExecutionError error = parse(Language.JAVASCRIPT, """

          /tmp/work/main.js:1
          throw 'just a string';
          ^
          just a string
          (Use `node --trace-uncaught ...` to show where the exception was thrown)

          Node.js v20.20.2
          """);

      assertThat(error.name()).isEqualTo(ErrorParser.UNCAUGHT_VALUE);
      assertThat(error.value()).isEqualTo("just a string");
    }

    @Test
    void namesAThrownNumberUncaught() {
      ExecutionError error = parse(Language.JAVASCRIPT, """

          /tmp/work/main.js:1
          throw 42;
          ^
          42
          (Use `node --trace-uncaught ...` to show where the exception was thrown)

          Node.js v20.20.2
          """);

      assertThat(error.name()).isEqualTo("Uncaught");
      assertThat(error.value()).isEqualTo("42");
    }

    @Test
    void readsAThrownObjectAsNodePrintsIt() {
      ExecutionError error = parse(Language.JAVASCRIPT, """

          /tmp/work/main.js:1
          throw { code: 7, reason: 'bad' };
          ^
          { code: 7, reason: 'bad' }

          Node.js v20.20.2
          """);

      assertThat(error.name()).isEqualTo("Uncaught");
      assertThat(error.value()).isEqualTo("{ code: 7, reason: 'bad' }");
    }

    @Test
    void keepsAThrownStringThatLooksLikeAnErrorAsTheValue() {
      ExecutionError error = parse(Language.JAVASCRIPT, """

          /tmp/work/main.js:1
          throw 'Error: fake';
          ^
          Error: fake
          (Use `node --trace-uncaught ...` to show where the exception was thrown)

          Node.js v20.20.2
          """);

      assertThat(error.name()).isEqualTo("Uncaught");
      assertThat(error.value()).isEqualTo("Error: fake");
    }

    @Test
    void readsACustomErrorNameAndAMessageOfSeveralLines() {
      ExecutionError error = parse(Language.JAVASCRIPT, """
          /tmp/work/main.js:8
          throw new ValidationError('first line\\nsecond line');
          ^

          ValidationError: first line
          second line
              at Object.<anonymous> (/tmp/work/main.js:8:7)
              at Module._compile (node:internal/modules/cjs/loader:1521:14)
              at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)
              at Module.load (node:internal/modules/cjs/loader:1266:32)
              at Module._load (node:internal/modules/cjs/loader:1091:12)
              at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)
              at node:internal/main/run_main_module:28:49

          Node.js v20.20.2
          """);

      assertThat(error.name()).isEqualTo("ValidationError");
      assertThat(error.value()).isEqualTo("first line\nsecond line");
    }

    @Test
    void leavesTheErrorCodeOutOfTheName() {
      ExecutionError error = parse(Language.JAVASCRIPT, """
          node:assert:90
            throw new AssertionError(obj);
            ^

          AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:

          2 !== 3

              at Object.<anonymous> (/tmp/work/main.js:3:8)
              at Module._compile (node:internal/modules/cjs/loader:1521:14)
              at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)
              at Module.load (node:internal/modules/cjs/loader:1266:32)
              at Module._load (node:internal/modules/cjs/loader:1091:12)
              at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)
              at node:internal/main/run_main_module:28:49 {
            generatedMessage: true,
            code: 'ERR_ASSERTION',
            actual: 2,
            expected: 3,
            operator: 'strictEqual'
          }

          Node.js v20.20.2
          """);

      assertThat(error.name()).isEqualTo("AssertionError");
      assertThat(error.value()).isEqualTo("Expected values to be strictly equal:\n\n2 !== 3");
    }

    @Test
    void readsAnUnhandledPromiseRejection() {
      ExecutionError error = parse(Language.JAVASCRIPT, """
          node:internal/process/promises:389
                new UnhandledPromiseRejection(reason);
                ^

          UnhandledPromiseRejection: This error originated either by throwing inside of an async function \
          without a catch block, or by rejecting a promise which was not handled with .catch(). The promise \
          rejected with the reason "nope".
              at throwUnhandledRejectionsMode (node:internal/process/promises:389:7)
              at processPromiseRejections (node:internal/process/promises:470:17)
              at process.processTicksAndRejections (node:internal/process/task_queues:96:32) {
            code: 'ERR_UNHANDLED_REJECTION'
          }

          Node.js v20.20.2
          """);

      assertThat(error.name()).isEqualTo("UnhandledPromiseRejection");
      assertThat(error.value()).endsWith("The promise rejected with the reason \"nope\".");
    }

    @Test
    void readsAnErrorPrintedWithoutItsStack() {
      ExecutionError error = parse(Language.JAVASCRIPT, """
          /tmp/work/main.js:2
          throw new TypeError('no frames');
          ^

          [TypeError: no frames]

          Node.js v20.20.2
          """);

      assertThat(error.name()).isEqualTo("TypeError");
      assertThat(error.value()).isEqualTo("no frames");
    }

    @Test
    void namesV8HeapExhaustionHeapOutOfMemory() {
      ExecutionError error = parse(Language.JAVASCRIPT, """

          <--- Last few GCs --->

          [7112:0x1f394ca0]      302 ms: Mark-Compact 48.3 (81.1) -> 48.3 (81.1) MB, 66.73 / 0.00 ms  \
          (average mu = 0.149, current mu = 0.114) allocation failure; scavenge might not succeed


          <--- JS stacktrace --->

          FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory
          ----- Native stack trace -----

           1: 0xb78db3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]
           2: 0xee8300 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]
           3: 0xee85e7 v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, \
          v8::OOMDetails const&) [node]
           4: 0x10fb205  [node]
          """);

      assertThat(error.name()).isEqualTo(ErrorParser.HEAP_OUT_OF_MEMORY);
      assertThat(error.value()).isEqualTo("Reached heap limit Allocation failed - JavaScript heap out of memory");
      assertThat(error.traceback()).startsWith("<--- Last few GCs --->").contains("Native stack trace");
    }

    @Test
    void findsNoErrorInALogLineThatEndsWithANumber() {
      assertThat(ErrorParser.parse(Language.JAVASCRIPT, "listening on localhost:8080\nready\n")).isEmpty();
    }
  }

  @Nested
  class Bash {
    @Test
    void namesAMissingCommandCommandNotFound() {
      ExecutionError error = parse(Language.BASH, "main.sh: line 1: nosuchcmd: command not found\n");

      assertThat(error.name()).isEqualTo(ErrorParser.COMMAND_NOT_FOUND);
      assertThat(error.value()).isEqualTo("nosuchcmd: command not found");
      assertThat(error.traceback()).isEqualTo("main.sh: line 1: nosuchcmd: command not found");
    }

    @Test
    void namesOtherShellErrorsBashError() {
      ExecutionError error = parse(Language.BASH, "main.sh: line 2: undefined_var: unbound variable\n");

      assertThat(error.name()).isEqualTo(ErrorParser.BASH_ERROR);
      assertThat(error.value()).isEqualTo("undefined_var: unbound variable");
    }

    @Test
    void reportsTheLastShellError() {
      ExecutionError error = parse(Language.BASH, """
          main.sh: line 2: foo: command not found
          main.sh: line 3: 1/0: division by 0 (error token is "0")
          """);

      assertThat(error.name()).isEqualTo("BashError");
      assertThat(error.value()).isEqualTo("1/0: division by 0 (error token is \"0\")");
    }

    @Test
    void readsASyntaxErrorRatherThanTheSourceLineBashEchoesAfterIt() {
      ExecutionError error = parse(Language.BASH, """
          main.sh: line 1: syntax error near unexpected token `)'
          main.sh: line 1: `echo a )'
          """);

      assertThat(error.value()).isEqualTo("syntax error near unexpected token `)'");
      assertThat(error.traceback()).endsWith("`echo a )'");
    }

    @Test
    void readsAnErrorOfBashItself() {
      ExecutionError error = parse(Language.BASH, "bash: nosuch: command not found\n");

      assertThat(error.name()).isEqualTo("CommandNotFound");
    }

    @Test
    void ignoresMessagesOfOtherPrograms() {
      assertThat(ErrorParser.parse(Language.BASH, "cat: /nonexistent/file: No such file or directory\n")).isEmpty();
    }
  }

  @Nested
  class HostileInput {
    private static String garbage(int bytes) {
      byte[] noise = new byte[bytes];
      new Random(42).nextBytes(noise);
      return new String(noise, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void findsNothingInTenMegabytesOfGarbage(Language language) {
      assertThat(ErrorParser.parse(language, garbage(10 << 20))).isEmpty();
    }

    @Test
    void findsTheReportAfterTenMegabytesOfGarbage() {
      ExecutionError error = parse(Language.PYTHON, garbage(10 << 20) + "\n" + Python.ZERO_DIVISION);

      assertThat(error.name()).isEqualTo("ZeroDivisionError");
    }

    @Test
    void findsNothingInOneTenMegabyteLine() {
      assertThat(ErrorParser.parse(Language.JAVASCRIPT, "x".repeat(10 << 20) + ":1\n\n^\n")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void findsNothingInBlankOutput(Language language) {
      assertThat(ErrorParser.parse(language, " \n\n")).isEmpty();
    }

    @Test
    void findsNothingForAMissingStream() {
      assertThat(ErrorParser.parse(Language.PYTHON, null)).isEmpty();
    }
  }
}

package dev.ace4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ace4j.sandbox.TestResult;
import dev.ace4j.sandbox.TestResult.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report fixtures were written by pytest 7.2 (Debian python3-pytest), the JUnit Platform console launcher 6.1.3,
 * Node 20.20's junit reporter and ace4j's Bash harness, run on real test files; only the JVM properties of the
 * JUnit report were cut down.
 */
class JUnitReportParserTest {

  private static List<TestResult> parse(String xml) {
    return JUnitReportParser.parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static TestResult named(List<TestResult> results, String name) {
    return results.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no test named " + name + " in " + results));
  }

  @Nested
  class Pytest {
    static final String REPORT = """
        <?xml version="1.0" encoding="utf-8"?><testsuites>\
        <testsuite name="pytest" errors="1" failures="3" skipped="2" tests="9" time="0.056" timestamp="2026-11-26T16:19:48.653635" hostname="vm">\
        <testcase classname="test_calc" name="test_adds_two_numbers" time="0.001" />\
        <testcase classname="test_calc" name="test_fails_on_purpose" time="0.001">\
        <failure message="AssertionError: two and two&#10;assert 4 == 5&#10; +  where 4 = add(2, 2)">def test_fails_on_purpose():
        &gt;       assert add(2, 2) == 5, "two and two"
        E       AssertionError: two and two
        E       assert 4 == 5
        E        +  where 4 = add(2, 2)
        
        test_calc.py:10: AssertionError</failure></testcase>\
        <testcase classname="test_calc" name="test_errors_with_exception" time="0.001">\
        <failure message="RuntimeError: boom &lt;&amp;&gt; &quot;quoted&quot;">def test_errors_with_exception():
        &gt;       raise RuntimeError("boom &lt;&amp;&gt; \\"quoted\\"")
        E       RuntimeError: boom &lt;&amp;&gt; "quoted"
        
        test_calc.py:13: RuntimeError</failure></testcase>\
        <testcase classname="test_calc" name="test_skipped" time="0.000">\
        <skipped type="pytest.skip" message="not ready">/tmp/fx/pytest/test_calc.py:15: not ready</skipped>\
        </testcase><testcase classname="test_calc" name="test_uses_broken_fixture" time="0.001">\
        <error message="failed on setup with &quot;ValueError: fixture broke&quot;">@pytest.fixture
            def broken():
        &gt;       raise ValueError("fixture broke")
        E       ValueError: fixture broke
        
        test_calc.py:21: ValueError</error></testcase>\
        <testcase classname="test_calc" name="test_expected_failure" time="0.001">\
        <skipped type="pytest.xfail" message="known bug" /></testcase>\
        <testcase classname="test_calc" name="test_param[1]" time="0.001" />\
        <testcase classname="test_calc" name="test_param[2]" time="0.001">\
        <failure message="assert 2 == 1">n = 2
        
            @pytest.mark.parametrize("n", [1, 2])
            def test_param(n):
        &gt;       assert n == 1
        E       assert 2 == 1
        
        test_calc.py:32: AssertionError</failure></testcase>\
        <testcase classname="test_calc.TestGroup" name="test_in_class" time="0.000" /></testsuite>\
        </testsuites>
        """;

    @Test
    void readsEveryTestCaseInDocumentOrder() {
      assertThat(parse(REPORT)).extracting(TestResult::name).containsExactly(
          "test_adds_two_numbers", "test_fails_on_purpose", "test_errors_with_exception", "test_skipped",
          "test_uses_broken_fixture", "test_expected_failure", "test_param[1]", "test_param[2]", "test_in_class");
    }

    @Test
    void mapsFailuresErrorsAndSkipsToOutcomes() {
      assertThat(parse(REPORT)).extracting(TestResult::outcome).containsExactly(
          Outcome.PASSED, Outcome.FAILED, Outcome.FAILED, Outcome.SKIPPED,
          Outcome.ERROR, Outcome.SKIPPED, Outcome.PASSED, Outcome.FAILED, Outcome.PASSED);
    }

    @Test
    void takesTheMessageAttributeOfAFailure() {
      TestResult failed = named(parse(REPORT), "test_fails_on_purpose");

      assertThat(failed.message()).isEqualTo("AssertionError: two and two\nassert 4 == 5\n +  where 4 = add(2, 2)");
    }

    @Test
    void decodesEscapedCharactersInMessages() {
      TestResult failed = named(parse(REPORT), "test_errors_with_exception");

      assertThat(failed.message()).isEqualTo("RuntimeError: boom <&> \"quoted\"");
    }

    @Test
    void takesTheReasonOfASkip() {
      assertThat(named(parse(REPORT), "test_skipped").message()).isEqualTo("not ready");
    }

    @Test
    void leavesTheMessageOfAPassedTestEmpty() {
      assertThat(named(parse(REPORT), "test_adds_two_numbers").message()).isEmpty();
    }

    @Test
    void usesTheClassnameAsSuite() {
      assertThat(parse(REPORT)).extracting(TestResult::suite).containsOnly("test_calc", "test_calc.TestGroup");
    }

    @Test
    void readsTheDurationInSeconds() {
      assertThat(named(parse(REPORT), "test_adds_two_numbers").duration()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void namesTheEnclosingSuiteWhenTheClassnameIsEmpty() {
      List<TestResult> results = parse("""
          <?xml version="1.0" encoding="utf-8"?><testsuites>\
          <testsuite name="pytest" errors="1" failures="0" skipped="0" tests="1" time="0.085" timestamp="2026-11-26T16:19:50.716471" hostname="vm">\
          <testcase classname="" name="test_broken" time="0.000">\
          <error message="collection failure">ImportError while importing test module '/tmp/fx/pytest2/test_broken.py'.
          Hint: make sure your test modules/packages have valid Python names.
          Traceback:
          /usr/lib/python3.11/importlib/__init__.py:126: in import_module
              return _bootstrap._gcd_import(name[level:], package, level)
          test_broken.py:1: in &lt;module&gt;
              import nosuchmodule
          E   ModuleNotFoundError: No module named 'nosuchmodule'</error></testcase></testsuite></testsuites>
          """);

      assertThat(results).singleElement().satisfies(r -> {
        assertThat(r.suite()).isEqualTo("pytest");
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.message()).isEqualTo("collection failure");
      });
    }
  }

  @Nested
  class JUnitPlatform {
    static final String REPORT = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuite name="JUnit Jupiter" tests="8" skipped="2" failures="2" errors="1" time="0.182" hostname="vm" timestamp="2026-11-26T16:20:02">
        <properties>
        <property name="java.version" value="17.0.15"/>
        <property name="junit.docs.version" value="6.1.3"/>
        <property name="os.name" value="Linux"/>
        </properties>
        <testcase name="abortedByAssumption()" classname="CalculatorTest" time="0.003">
        <skipped><![CDATA[org.opentest4j.TestAbortedException: Assumption failed: assumption failed
        \tat org.junit.jupiter.api.Assumptions.throwAssumptionFailed(Assumptions.java:340)
        \tat org.junit.jupiter.api.Assumptions.assumeTrue(Assumptions.java:127)
        \tat CalculatorTest.abortedByAssumption(CalculatorTest.java:29)
        ]]></skipped>
        <system-out><![CDATA[
        unique-id: [engine:junit-jupiter]/[class:CalculatorTest]/[method:abortedByAssumption()]
        display-name: JUnit Jupiter > CalculatorTest > abortedByAssumption()
        ]]></system-out>
        </testcase>
        <testcase name="checksParameter(int)[2]" classname="CalculatorTest" time="0.004">
        <failure message="expected: &lt;1&gt; but was: &lt;2&gt;" type="org.opentest4j.AssertionFailedError">\
        <![CDATA[org.opentest4j.AssertionFailedError: expected: <1> but was: <2>
        \tat org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:569)
        \tat CalculatorTest.checksParameter(CalculatorTest.java:35)
        ]]></failure>
        <system-out><![CDATA[
        unique-id: [engine:junit-jupiter]/[class:CalculatorTest]/[test-template:checksParameter(int)]/[test-template-invocation:#2]
        display-name: JUnit Jupiter > CalculatorTest > checksParameter(int) > [2] 2
        ]]></system-out>
        </testcase>
        <testcase name="checksParameter(int)[1]" classname="CalculatorTest" time="0.009">
        <system-out><![CDATA[
        unique-id: [engine:junit-jupiter]/[class:CalculatorTest]/[test-template:checksParameter(int)]/[test-template-invocation:#1]
        display-name: JUnit Jupiter > CalculatorTest > checksParameter(int) > [1] 1
        ]]></system-out>
        </testcase>
        <testcase name="failsOnPurpose()" classname="CalculatorTest" time="0.016">
        <failure message="two and two ==&gt; expected: &lt;5&gt; but was: &lt;4&gt;" type="org.opentest4j.AssertionFailedError">\
        <![CDATA[org.opentest4j.AssertionFailedError: two and two ==> expected: <5> but was: <4>
        \tat org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:601)
        \tat CalculatorTest.failsOnPurpose(CalculatorTest.java:15)
        ]]></failure>
        <system-out><![CDATA[
        unique-id: [engine:junit-jupiter]/[class:CalculatorTest]/[method:failsOnPurpose()]
        display-name: JUnit Jupiter > CalculatorTest > failsOnPurpose()
        ]]></system-out>
        </testcase>
        <testcase name="isDisabled()" classname="CalculatorTest" time="0">
        <skipped><![CDATA[not ready]]></skipped>
        <system-out><![CDATA[
        unique-id: [engine:junit-jupiter]/[class:CalculatorTest]/[method:isDisabled()]
        display-name: JUnit Jupiter > CalculatorTest > isDisabled()
        ]]></system-out>
        </testcase>
        <testcase name="throwsUnexpectedly()" classname="CalculatorTest" time="0.003">
        <error message="boom &lt;&amp;&gt; &quot;quoted&quot;" type="java.lang.IllegalStateException">\
        <![CDATA[java.lang.IllegalStateException: boom <&> "quoted"
        \tat CalculatorTest.throwsUnexpectedly(CalculatorTest.java:20)
        ]]></error>
        <system-out><![CDATA[
        unique-id: [engine:junit-jupiter]/[class:CalculatorTest]/[method:throwsUnexpectedly()]
        display-name: JUnit Jupiter > CalculatorTest > throwsUnexpectedly()
        ]]></system-out>
        </testcase>
        <testcase name="addsTwoNumbers()" classname="CalculatorTest" time="0.023">
        <system-out><![CDATA[
        unique-id: [engine:junit-jupiter]/[class:CalculatorTest]/[method:addsTwoNumbers()]
        display-name: JUnit Jupiter > CalculatorTest > addsTwoNumbers()
        ]]></system-out>
        </testcase>
        <testcase name="nestedTest()" classname="CalculatorTest$Inner" time="0">
        <system-out><![CDATA[
        unique-id: [engine:junit-jupiter]/[class:CalculatorTest]/[nested-class:Inner]/[method:nestedTest()]
        display-name: JUnit Jupiter > CalculatorTest > Inner > has a display name ✓
        ]]></system-out>
        </testcase>
        <system-out><![CDATA[
        unique-id: [engine:junit-jupiter]
        display-name: JUnit Jupiter
        ]]></system-out>
        </testsuite>
        """;

    @Test
    void readsATestsuiteWithoutTestsuitesAround() {
      assertThat(parse(REPORT)).hasSize(8);
    }

    @Test
    void readsAFailedAssertion() {
      TestResult failed = named(parse(REPORT), "checksParameter(int)[2]");

      assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(failed.message()).isEqualTo("expected: <1> but was: <2>");
      assertThat(failed.suite()).isEqualTo("CalculatorTest");
    }

    @Test
    void readsAnUnexpectedExceptionAsAnError() {
      TestResult error = named(parse(REPORT), "throwsUnexpectedly()");

      assertThat(error.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(error.message()).isEqualTo("boom <&> \"quoted\"");
    }

    @Test
    void takesTheFirstLineOfTheTextWhenASkipHasNoMessageAttribute() {
      List<TestResult> results = parse(REPORT);

      assertThat(named(results, "isDisabled()").message()).isEqualTo("not ready");
      assertThat(named(results, "abortedByAssumption()").message())
          .isEqualTo("org.opentest4j.TestAbortedException: Assumption failed: assumption failed");
    }

    @Test
    void namesANestedTestClassAsItsSuite() {
      assertThat(named(parse(REPORT), "nestedTest()").suite()).isEqualTo("CalculatorTest$Inner");
    }

    @Test
    void readsAFailedBeforeAllAsAnErrorOfEveryTestInTheClass() {
      List<TestResult> results = parse("""
          <?xml version="1.0" encoding="UTF-8"?>
          <testsuite name="JUnit Jupiter" tests="2" skipped="0" failures="0" errors="2" time="0.082" hostname="vm" timestamp="2026-11-26T16:20:09">
          <testcase name="first()" classname="SetupTest" time="0">
          <error message="database down" type="java.lang.IllegalStateException">\
          <![CDATA[java.lang.IllegalStateException: database down
          \tat SetupTest.setUp(SetupTest.java:4)
          ]]></error>
          <system-out><![CDATA[
          unique-id: [engine:junit-jupiter]/[class:SetupTest]/[method:first()]
          display-name: JUnit Jupiter > SetupTest > first()
          ]]></system-out>
          </testcase>
          <testcase name="second()" classname="SetupTest" time="0">
          <error message="database down" type="java.lang.IllegalStateException">\
          <![CDATA[java.lang.IllegalStateException: database down
          \tat SetupTest.setUp(SetupTest.java:4)
          ]]></error>
          <system-out><![CDATA[
          unique-id: [engine:junit-jupiter]/[class:SetupTest]/[method:second()]
          display-name: JUnit Jupiter > SetupTest > second()
          ]]></system-out>
          </testcase>
          <system-out><![CDATA[
          unique-id: [engine:junit-jupiter]
          display-name: JUnit Jupiter
          ]]></system-out>
          </testsuite>
          """);

      assertThat(results).extracting(TestResult::name, TestResult::outcome, TestResult::message).containsExactly(
          tuple("first()", Outcome.ERROR, "database down"),
          tuple("second()", Outcome.ERROR, "database down"));
    }
  }

  @Nested
  class NodeTestRunner {
    static final String REPORT = """
        <?xml version="1.0" encoding="utf-8"?>
        <testsuites>
        \t<testcase name="adds two numbers" time="0.002219" classname="test"/>
        \t<testcase name="fails on purpose" time="0.002188" classname="test" failure="two and two4 !== 5">
        \t\t<failure type="testCodeFailure" message="two and two4 !== 5">
        [Error [ERR_TEST_FAILURE]: two and two
        
        4 !== 5
        ] {
          code: 'ERR_TEST_FAILURE',
          failureType: 'testCodeFailure',
          cause: AssertionError [ERR_ASSERTION]: two and two
         \s
          4 !== 5
         \s
              at TestContext.&lt;anonymous> (/tmp/fx/node/calc.test.js:9:10)
              at Test.runInAsyncScope (node:async_hooks:206:9)
              at Test.run (node:internal/test_runner/test:796:25)
              at Test.processPendingSubtests (node:internal/test_runner/test:526:18)
              at Test.postRun (node:internal/test_runner/test:889:19)
              at Test.run (node:internal/test_runner/test:835:12)
              at async Test.processPendingSubtests (node:internal/test_runner/test:526:7) {
            generatedMessage: false,
            code: 'ERR_ASSERTION',
            actual: 4,
            expected: 5,
            operator: 'strictEqual'
          }
        }
        \t\t</failure>
        \t</testcase>
        \t<testcase name="throws unexpectedly" time="0.000228" classname="test" failure="boom &lt;&amp;> &amp;quot;quoted&amp;quot;">
        \t\t<failure type="testCodeFailure" message="boom &lt;&amp;> &amp;quot;quoted&amp;quot;">
        [Error [ERR_TEST_FAILURE]: boom &lt;&amp;> "quoted"] {
          code: 'ERR_TEST_FAILURE',
          failureType: 'testCodeFailure',
          cause: TypeError [Error]: boom &lt;&amp;> "quoted"
              at TestContext.&lt;anonymous> (/tmp/fx/node/calc.test.js:13:9)
              at Test.runInAsyncScope (node:async_hooks:206:9)
              at Test.run (node:internal/test_runner/test:796:25)
              at Test.processPendingSubtests (node:internal/test_runner/test:526:18)
              at Test.postRun (node:internal/test_runner/test:889:19)
              at Test.run (node:internal/test_runner/test:835:12)
              at async Test.processPendingSubtests (node:internal/test_runner/test:526:7)
        }
        \t\t</failure>
        \t</testcase>
        \t<testcase name="is skipped" time="0.000205" classname="test">
        \t\t<skipped type="skipped" message="not ready"/>
        \t</testcase>
        \t<testcase name="is todo" time="0.000226" classname="test">
        \t\t<skipped type="todo" message="later"/>
        \t</testcase>
        \t<testsuite name="math group" time="0.015066" disabled="0" errors="0" tests="3" failures="1" skipped="0" hostname="vm">
        \t\t<testcase name="nested passes" time="0.000345" classname="test"/>
        \t\t<testcase name="nested fails" time="0.013257" classname="test" failure="The expression evaluated to a falsy value:  assert.ok(false)">
        \t\t\t<failure type="testCodeFailure" message="The expression evaluated to a falsy value:  assert.ok(false)">
        Error [ERR_TEST_FAILURE]: The expression evaluated to a falsy value:
        
          assert.ok(false)
        
            at async Promise.all (index 0) {
          code: 'ERR_TEST_FAILURE',
          failureType: 'testCodeFailure',
          cause: AssertionError [ERR_ASSERTION]: The expression evaluated to a falsy value:
         \s
            assert.ok(false)
         \s
              at TestContext.&lt;anonymous> (/tmp/fx/node/calc.test.js:22:42)
              at Test.runInAsyncScope (node:async_hooks:206:9)
              at Test.run (node:internal/test_runner/test:796:25)
              at Suite.processPendingSubtests (node:internal/test_runner/test:526:18)
              at Test.postRun (node:internal/test_runner/test:889:19)
              at Test.run (node:internal/test_runner/test:835:12)
              at async Promise.all (index 0)
              at async Suite.run (node:internal/test_runner/test:1135:7)
              at async Test.processPendingSubtests (node:internal/test_runner/test:526:7) {
            generatedMessage: true,
            code: 'ERR_ASSERTION',
            actual: false,
            expected: true,
            operator: '=='
          }
        }
        \t\t\t</failure>
        \t\t</testcase>
        \t\t<testsuite name="deeper" time="0.000656" disabled="0" errors="0" tests="1" failures="0" skipped="0" hostname="vm">
        \t\t\t<testcase name="deep passes ✓" time="0.000353" classname="test"/>
        \t\t</testsuite>
        \t</testsuite>
        \t<testsuite name="parent with subtests" time="0.004196" disabled="0" errors="0" tests="2" failures="1" skipped="0" hostname="vm">
        \t\t<testcase name="child one" time="0.000415" classname="test"/>
        \t\t<testcase name="child two" time="0.002783" classname="test" failure="Expected values to be strictly deep-equal:+ actual - expected  {+   a: 1-   a: 2  }">
        \t\t\t<failure type="testCodeFailure" message="Expected values to be strictly deep-equal:+ actual - expected  {+   a: 1-   a: 2  }">
        Error [ERR_TEST_FAILURE]: Expected values to be strictly deep-equal:
        + actual - expected
        
          {
        +   a: 1
        -   a: 2
          }
            at TestContext.&lt;anonymous> (/tmp/fx/node/calc.test.js:30:11) {
          code: 'ERR_TEST_FAILURE',
          failureType: 'testCodeFailure',
          cause: AssertionError [ERR_ASSERTION]: Expected values to be strictly deep-equal:
          + actual - expected
         \s
            {
          +   a: 1
          -   a: 2
            }
              at TestContext.&lt;anonymous> (/tmp/fx/node/calc.test.js:30:44)
              at Test.runInAsyncScope (node:async_hooks:206:9)
              at Test.run (node:internal/test_runner/test:796:25)
              at Test.start (node:internal/test_runner/test:702:17)
              at TestContext.test (node:internal/test_runner/test:292:20)
              at TestContext.&lt;anonymous> (/tmp/fx/node/calc.test.js:30:11)
              at async Test.run (node:internal/test_runner/test:797:9)
              at async Test.processPendingSubtests (node:internal/test_runner/test:526:7) {
            generatedMessage: true,
            code: 'ERR_ASSERTION',
            actual: { a: 1 },
            expected: { a: 2 },
            operator: 'deepStrictEqual'
          }
        }
        \t\t\t</failure>
        \t\t</testcase>
        \t</testsuite>
        \t<!-- tests 11 -->
        \t<!-- suites 2 -->
        \t<!-- pass 4 -->
        \t<!-- fail 5 -->
        \t<!-- cancelled 0 -->
        \t<!-- skipped 1 -->
        \t<!-- todo 1 -->
        \t<!-- duration_ms 236.684942 -->
        </testsuites>
        """;

    @Test
    void readsTestCasesNestedInSuitesAtAnyDepth() {
      assertThat(parse(REPORT)).extracting(TestResult::name).containsExactly(
          "adds two numbers", "fails on purpose", "throws unexpectedly", "is skipped", "is todo",
          "nested passes", "nested fails", "deep passes ✓", "child one", "child two");
    }

    /** Node 20 writes classname="test" for every test case, so the suite says nothing about the file or group. */
    @Test
    void takesNodesFixedClassnameAsTheSuite() {
      assertThat(parse(REPORT)).extracting(TestResult::suite).containsOnly("test");
    }

    @Test
    void readsSkippedAndTodoTestsAsSkippedWithTheirReason() {
      List<TestResult> results = parse(REPORT);

      assertThat(named(results, "is skipped")).extracting(TestResult::outcome, TestResult::message)
          .containsExactly(Outcome.SKIPPED, "not ready");
      assertThat(named(results, "is todo")).extracting(TestResult::outcome, TestResult::message)
          .containsExactly(Outcome.SKIPPED, "later");
    }

    /** Node 20 drops the newlines from the message attribute and escapes quotes twice; it is kept as written. */
    @Test
    void keepsTheFailureMessageAsNodeWroteIt() {
      List<TestResult> results = parse(REPORT);

      assertThat(named(results, "fails on purpose").message()).isEqualTo("two and two4 !== 5");
      assertThat(named(results, "throws unexpectedly").message()).isEqualTo("boom <&> &quot;quoted&quot;");
    }

    @Test
    void readsTheDurationWithMicroseconds() {
      assertThat(named(parse(REPORT), "adds two numbers").duration()).isEqualTo(Duration.ofNanos(2_219_000));
    }

    @Test
    void readsATestCancelledByAFailedHookAsFailed() {
      List<TestResult> results = parse("""
          <?xml version="1.0" encoding="utf-8"?>
          <testsuites>
          \t<testsuite name="with failing hook" time="0.002203" disabled="0" errors="0" tests="1" failures="1" skipped="0" hostname="vm">
          \t\t<testcase name="never runs" time="0.000000" classname="test" failure="test did not finish before its parent and was cancelled">
          \t\t\t<failure type="cancelledByParent" message="test did not finish before its parent and was cancelled">
          [Error [ERR_TEST_FAILURE]: test did not finish before its parent and was cancelled] { code: 'ERR_TEST_FAILURE', failureType: 'cancelledByParent', cause: 'test did not finish before its parent and was cancelled' }
          \t\t\t</failure>
          \t\t</testcase>
          \t</testsuite>
          \t<!-- tests 1 -->
          \t<!-- suites 1 -->
          \t<!-- pass 0 -->
          \t<!-- fail 0 -->
          \t<!-- cancelled 1 -->
          \t<!-- skipped 0 -->
          \t<!-- todo 0 -->
          \t<!-- duration_ms 174.302687 -->
          </testsuites>
          """);

      assertThat(results).singleElement().satisfies(r -> {
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).isEqualTo("test did not finish before its parent and was cancelled");
      });
    }

    @Test
    void readsAReportWithTheControlCharactersNodeLeavesUnescaped() {
      List<TestResult> results = parse("""
          <?xml version="1.0" encoding="utf-8"?>
          <testsuites>
          \t<testcase name="prints a coloured message" time="0.002462" classname="test" failure="\u001B[31mred\u001B[39m text">
          \t\t<failure type="testCodeFailure" message="\u001B[31mred\u001B[39m text">
          Error [ERR_TEST_FAILURE]: \u001B[31mred\u001B[39m text
              at AsyncResource.runInAsyncScope (node:async_hooks:206:9) {
            code: 'ERR_TEST_FAILURE',
            failureType: 'testCodeFailure',
            cause: Error: \u001B[31mred\u001B[39m text
                at TestContext.&lt;anonymous> (/tmp/fx/node3/esc.test.js:3:9)
                at Test.runInAsyncScope (node:async_hooks:206:9)
                at Test.run (node:internal/test_runner/test:796:25)
                at Test.processPendingSubtests (node:internal/test_runner/test:526:18)
                at node:internal/test_runner/harness:255:12
                at node:internal/process/task_queues:140:7
                at AsyncResource.runInAsyncScope (node:async_hooks:206:9)
                at AsyncResource.runMicrotask (node:internal/process/task_queues:137:8)
          }
          \t\t</failure>
          \t</testcase>
          \t<!-- tests 1 -->
          \t<!-- suites 0 -->
          \t<!-- pass 0 -->
          \t<!-- fail 1 -->
          \t<!-- cancelled 0 -->
          \t<!-- skipped 0 -->
          \t<!-- todo 0 -->
          \t<!-- duration_ms 169.613692 -->
          </testsuites>
          """);

      assertThat(results).singleElement().satisfies(r -> {
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).isEqualTo("red text");
      });
    }
  }

  @Test
  void readsTheReportOfTheBashHarness() {
    List<TestResult> results = parse("""
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuite name="tests.sh" tests="2" failures="1">\
        <testcase classname="tests.sh" name="test_adds" time="0.001"/>\
        <testcase classname="tests.sh" name="test_fails" time="0.001"><failure message="exit status 1"/>\
        </testcase></testsuite>
        """);

    assertThat(results).extracting(TestResult::suite, TestResult::name, TestResult::outcome, TestResult::message)
        .containsExactly(
            tuple("tests.sh", "test_adds", Outcome.PASSED, ""),
            tuple("tests.sh", "test_fails", Outcome.FAILED, "exit status 1"));
  }

  @Nested
  class Structure {
    @Test
    void readsATestCaseWithoutAnyAttributes() {
      assertThat(parse("<testsuites><testcase/></testsuites>")).containsExactly(
          new TestResult("", "", Outcome.PASSED, "", Duration.ZERO));
    }

    @Test
    void prefersTheFileAttributeToTheEnclosingSuite() {
      assertThat(parse("<testsuite name='s'><testcase name='t' file='tests/test_a.py'/></testsuite>"))
          .extracting(TestResult::suite).containsExactly("tests/test_a.py");
    }

    @Test
    void letsAFailureWinOverASkipOfTheSameTestCase() {
      assertThat(parse("<testcase name='t'><skipped message='later'/><failure message='broke'/></testcase>"))
          .extracting(TestResult::outcome, TestResult::message)
          .containsExactly(tuple(Outcome.FAILED, "broke"));
    }

    @Test
    void letsTheFirstOfAFailureAndAnErrorWin() {
      assertThat(parse("<testcase name='t'><error message='first'/><failure message='second'/></testcase>"))
          .extracting(TestResult::outcome).containsExactly(Outcome.ERROR);
    }

    @Test
    void ignoresFailuresOutsideATestCase() {
      assertThat(parse("<testsuite><failure message='x'/><testcase name='t'/></testsuite>"))
          .extracting(TestResult::outcome).containsExactly(Outcome.PASSED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "1e3", "NaN", "Infinity", "0x10", "12345678901"})
    void readsAnUnusableTimeAsZero(String time) {
      assertThat(parse("<testcase name='t' time='" + time + "'/>")).extracting(TestResult::duration)
          .containsExactly(Duration.ZERO);
    }

    @Test
    void readsAFractionalTime() {
      assertThat(parse("<testcase name='t' time=' 2.5 '/>")).extracting(TestResult::duration)
          .containsExactly(Duration.ofMillis(2500));
    }
  }

  @Nested
  class HostileReports {
    @Test
    void readsNothingFromABillionLaughs() {
      String xml = """
          <?xml version="1.0"?>
          <!DOCTYPE lolz [
           <!ENTITY lol "lol">
           <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
           <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
           <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
           <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
           <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
           <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
           <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
           <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
           <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
          ]>
          <testsuite><testcase name="t"><failure>&lol9;</failure></testcase></testsuite>
          """;

      assertThat(parse(xml)).isEmpty();
    }

    @Test
    void readsNothingFromADocumentWithAHarmlessDoctype() {
      assertThat(parse("<!DOCTYPE testsuite><testsuite><testcase name='t'/></testsuite>")).isEmpty();
    }

    @Test
    void neverReadsAHostFileNamedByAnExternalEntity(@TempDir Path dir) throws IOException {
      Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
      String xml = "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM '" + secret.toUri() + "'>]>"
          + "<testsuite><testcase name='t'><failure>&x;</failure></testcase></testsuite>";

      assertThat(parse(xml)).isEmpty();
    }

    /** Opening a FIFO blocks until someone writes to it: a parser that tried would never return. */
    @Test
    void neverOpensAFileNamedByAnExternalDtdOrParameterEntity(@TempDir Path dir) throws Exception {
      Path fifo = dir.resolve("fifo");
      assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
      List<String> attacks = List.of(
          "<!DOCTYPE r SYSTEM '" + fifo.toUri() + "'><testsuite/>",
          "<!DOCTYPE r [<!ENTITY % p SYSTEM '" + fifo.toUri() + "'> %p;]><testsuite/>",
          "<!DOCTYPE r [<!ENTITY x SYSTEM '" + fifo.toUri() + "'>]><testsuite><testcase name='t'><failure>&x;</failure></testcase></testsuite>");

      for (String xml : attacks) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThat(parse(xml)).isEmpty(), xml);
      }
    }

    @Test
    void leavesXIncludeUnprocessed() {
      List<TestResult> results = parse("""
          <testsuite xmlns:xi="http://www.w3.org/2001/XInclude">
            <testcase name="t"><failure><xi:include href="file:///etc/passwd" parse="text"/></failure></testcase>
          </testsuite>
          """);

      assertThat(results).singleElement().extracting(TestResult::message).isEqualTo("");
    }

    @Test
    void readsNothingFromAReportCutOffInTheMiddle() {
      assertThat(parse("<testsuite><testcase name='a'/><testcase name='b'><failure message='x'")).isEmpty();
    }

    @Test
    void readsNothingFromBinaryGarbage() {
      byte[] garbage = new byte[1 << 20];
      new Random(7).nextBytes(garbage);

      assertThat(JUnitReportParser.parse(garbage)).isEmpty();
    }

    @Test
    void readsNothingFromAnEmptyOrMissingReport() {
      assertThat(JUnitReportParser.parse(new byte[0])).isEmpty();
      assertThat(JUnitReportParser.parse(null)).isEmpty();
    }

    @Test
    void stopsAtTheResultCap() {
      String xml = "<testsuite>" + "<testcase name='t'/>".repeat(JUnitReportParser.MAX_RESULTS + 5) + "</testsuite>";

      assertThat(parse(xml)).hasSize(JUnitReportParser.MAX_RESULTS);
    }

    @Test
    void readsNothingFromElementsNestedBeyondTheDepthCap() {
      int depth = JUnitReportParser.MAX_DEPTH + 1;
      String xml = "<testsuite>".repeat(depth) + "<testcase name='t'/>" + "</testsuite>".repeat(depth);

      assertThat(parse(xml)).isEmpty();
    }

    @Test
    void capsAVeryLongMessage() {
      String xml = "<testcase name='t'><failure message='" + "m".repeat(1 << 20) + "'/></testcase>";

      assertThat(parse(xml)).singleElement().extracting(r -> r.message().length())
          .isEqualTo(JUnitReportParser.MAX_MESSAGE_CHARS);
    }

    @Test
    void capsTheFirstLineTakenFromAVeryLongText() {
      String xml = "<testcase name='t'><failure>" + "m".repeat(1 << 20) + "</failure></testcase>";

      assertThat(parse(xml)).singleElement().extracting(r -> r.message().length())
          .isEqualTo(JUnitReportParser.MAX_MESSAGE_CHARS);
    }
  }
}

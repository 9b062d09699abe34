package dev.ace4j.sandbox.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.TestResult;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sealed test execution (docs/SECURITY.md, V1–V3): Python, JavaScript and Java tests run in one sandbox and the code
 * under test in another, so code that is wrong cannot make its tests pass by forging what the test runner reports, and
 * cannot read them.
 */
@Timeout(60)
class SealedTestsTest {
  /** Three tests that wrong code fails: f squares, and raises for a negative number. */
  private static final String TESTS = """
      import pytest
      import solution

      def test_square():
          assert solution.f(2) == 4

      def test_raises_for_negative():
          with pytest.raises(Exception):
              solution.f(-1)

      def test_nine():
          assert solution.f(3) == 9
      """;
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create(Payloads.settings());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Execution run(String code, String tests) {
    return run(Language.PYTHON, code, tests);
  }

  private static Execution run(Language language, String code, String tests) {
    return sandbox.execute(ExecutionRequest.testSuite(language, code, tests)
        .limits(Limits.defaults().withWall(Duration.ofSeconds(20))).build());
  }

  static Stream<Arguments> forgeries() {
    return Stream.of(
        forgery("os._exit(0) at import", "import os\nos._exit(0)\n"),
        forgery("os._exit(0) in the function", "import os\ndef f(x):\n    os._exit(0)\n"),
        forgery("sys.exit(0) at import", "import sys\nsys.exit(0)\n"),
        forgery("sys.exit(0) in the function", "import sys\ndef f(x):\n    sys.exit(0)\n"),
        forgery("raise SystemExit(0) at import", "raise SystemExit(0)\n"),
        forgery("raise SystemExit(0) in the function", "def f(x):\n    raise SystemExit(0)\n"),
        forgery("an atexit hook writes a passing report", """
            import atexit, os
            REPORT = '<testsuites><testsuite name="pytest" tests="3" failures="0" errors="0">' \\
                + ''.join('<testcase classname="test_solution" name="%s"/>' % n
                          for n in ('test_square', 'test_raises_for_negative', 'test_nine')) \\
                + '</testsuite></testsuites>'
            def forge():
                for path in ('.ace-report.xml', '/work/.ace-report.xml', '/tmp/.ace-report.xml'):
                    with open(path, 'w') as out:
                        out.write(REPORT)
            atexit.register(forge)
            def f(x):
                forge()
                os._exit(0)
            """),
        forgery("it kills every process it can see", """
            import os, signal
            def f(x):
                for pid in (-1, 1, os.getppid()):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                return 0
            """),
        forgery("it patches pytest and unittest internals", """
            import _pytest.python, _pytest.runner, _pytest.junitxml, unittest
            _pytest.python.Function.runtest = lambda self: None
            _pytest.runner.pytest_runtest_call = lambda item: None
            unittest.TestCase.run = lambda self, result=None: None
            def f(x):
                return 0
            """),
        forgery("it replaces builtins and sys.modules entries", """
            import builtins, sys, types
            builtins.AssertionError = type('AssertionError', (BaseException,), {})
            builtins.isinstance = lambda *args: True
            builtins.__import__ = lambda *args, **kwargs: types.ModuleType('fake')
            sys.modules['pytest'] = types.ModuleType('pytest')
            def f(x):
                return 0
            """),
        forgery("it answers from the tests' source", """
            import glob, re
            def f(x):
                # Where tests live (/work, /tmp, a parent), without walking all of /usr into the time limit.
                for path in glob.glob('/*/test_*.py') + glob.glob('/*/*/test_*.py') + glob.glob('../*/test_*.py'):
                    source = open(path).read()
                    found = re.search(r'f\\(%d\\) == (\\d+)' % x, source)
                    if found:
                        return int(found.group(1))
                    if x < 0:
                        raise ValueError(x)
                return -999
            """),
        forgery("it returns an object equal to everything", """
            class Anything:
                def __eq__(self, other): return True
                def __ne__(self, other): return False
                def __bool__(self): return True
                def __hash__(self): return 0
            def f(x):
                return Anything()
            """),
        forgery("it raises pytest's skip", "import pytest\ndef f(x):\n    pytest.skip('not today')\n"),
        forgery("it raises KeyboardInterrupt", "def f(x):\n    raise KeyboardInterrupt\n"),
        forgery("it writes a frame header claiming 2 GiB to the tests",
            "import os\nos.write(4, (2 ** 31).to_bytes(4, 'big'))\ndef f(x):\n    return x * x\n"),
        forgery("it writes its own answers, nested past any decoder's depth", """
            import os
            def send(text):
                data = text.encode()
                os.write(4, len(data).to_bytes(4, 'big') + data)
            send('{"ok": ' + '[' * 100000 + ']' * 100000 + '}')
            send('{"ok": {"$": "ref", "id": 7, "name": "f"}}')
            send('{"ok": 9}')
            def f(x):
                return x * x
            """));
  }

  private static Arguments forgery(String name, String code) {
    return Arguments.of(Named.of(name, code));
  }

  @ParameterizedTest(name = "V1 {0}: every test fails")
  @MethodSource("forgeries")
  void forgingCodeFailsEveryTest(String code) {
    Execution run = run(code, TESTS);

    assertThat(run.tests()).as(run.stdout().text()).isNotEmpty().noneMatch(TestResult::passed);
    assertThat(run.status()).isNotEqualTo(Status.OK);
  }

  @Test
  @DisplayName("V2 the code under test sees neither the tests nor their report: only its own files")
  void codeSeesNoTests() {
    Execution run = run("""
        import os
        def listing():
            return sorted(name for name in os.listdir('.') if name != '__pycache__')
        def anywhere():
            found = []
            for top in ('/', '/work', '/tmp', '/dev/shm', '/proc/self/cwd'):
                for root, dirs, files in os.walk(top):
                    if root == '/':
                        dirs[:] = [d for d in dirs if d not in ('proc', 'sys', 'usr', 'dev')]
                    found += [os.path.join(root, f) for f in files if f.startswith(('test_', '.ace-report'))]
            return found
        """, """
        import solution
        def test_listing():
            assert solution.listing() == ['_ace_sealed.py', 'solution.py']
        def test_anywhere():
            assert solution.anywhere() == []
        """);

    assertThat(run.tests()).as(run.stdout().text()).hasSize(2).allMatch(TestResult::passed);
  }

  @Test
  @DisplayName("V3 pytest suites work across the seal: fixtures, parametrize, classes, the code's own exceptions")
  void pytestConventionsWorkAcrossTheSeal() {
    Execution run = run("""
        import collections
        class InsufficientFunds(ValueError):
            pass
        class Account:
            def __init__(self, balance=0):
                self.balance = balance
            def withdraw(self, amount):
                if amount > self.balance:
                    raise InsufficientFunds("balance is %d" % self.balance)
                self.balance -= amount
                return self.balance
            def __eq__(self, other):
                return isinstance(other, Account) and other.balance == self.balance
            def __len__(self):
                return self.balance
        Point = collections.namedtuple("Point", "x y")
        def squares(n):
            for i in range(n):
                yield i * i
        def words(text):
            return collections.Counter(text.split())
        def apply(function, items):
            return [function(item) for item in items]
        def origin():
            return Point(0, 0)
        def shout(text):
            print("shouting", text)
            return text.upper()
        """, """
        import pytest
        from solution import Account, InsufficientFunds, squares, words, apply, origin, shout
        import solution

        @pytest.fixture
        def account():
            return Account(10)

        def test_methods_and_state(account):
            assert account.withdraw(3) == 7
            assert account.balance == 7
            assert len(account) == 7
            assert account == Account(7)
            assert isinstance(account, Account)

        def test_the_codes_exception(account):
            with pytest.raises(InsufficientFunds, match="balance is 10"):
                account.withdraw(100)
            with pytest.raises(ValueError):
                account.withdraw(100)

        @pytest.mark.parametrize("n,expected", [(0, []), (3, [0, 1, 4])])
        def test_generator(n, expected):
            assert list(squares(n)) == expected

        def test_values():
            assert words("a b a") == {"a": 2, "b": 1}
            assert origin() == (0, 0) and origin().x == 0
            assert apply(lambda x: x * 2, [1, 2]) == [2, 4]

        class TestGroup:
            def test_prints_reach_pytest(self):
                assert shout("hi") == "HI!"
        """);

    assertThat(run.tests()).as(run.stdout().text()).hasSize(6);
    assertThat(run.tests().stream().filter(TestResult::passed)).hasSize(5);
    assertThat(run.stdout().text()).contains("Captured stdout call").contains("shouting hi")
        .contains("assert 'HI' == 'HI!'");
  }

  @Test
  @DisplayName("V3 what the code does to a list, dict or set it is given reaches the tests, as in one process")
  void argumentsTheCodeChangesAreChangedForTheTests() {
    Execution run = run("""
        import math
        def sort_in_place(items):
            items.sort()
        def tag_then_fail(table, key):
            table[key] = True
            raise KeyError(key)
        def find(items, wanted):
            return items.index(wanted)
        def keep_last(items):
            items.append(items[-1])
            return items
        class Cache:
            def __init__(self):
                self.data = {}
            def put(self, key, value):
                self.data[key] = value
            def get(self, key):
                return self.data.get(key, -1)
        def factorial(n):
            return math.factorial(n)
        """, """
        import math
        import pytest
        from solution import sort_in_place, tag_then_fail, find, keep_last, Cache, factorial

        def test_a_list_sorted_in_place():
            items = [3, 1, 2]
            sort_in_place(items)
            assert items == [1, 2, 3]

        def test_a_change_before_an_error_stays():
            table = {}
            with pytest.raises(KeyError):
                tag_then_fail(table, "x")
            assert table == {"x": True}

        def test_a_long_list_passed_again_is_current():
            items = list(range(5000))
            assert find(items, 4999) == 4999
            items[0] = -1
            assert find(items, -1) == 0
            assert keep_last(items) is items
            assert len(items) == 5001 and items[-1] == 4999
            assert find(items, 4999) == 4999

        def test_methods_and_big_numbers():
            cache = Cache()
            get = cache.get
            for key in range(100):
                cache.put(key, key * key)
            assert [cache.get(k) for k in range(100)] == [k * k for k in range(100)] and get(3) == 9
            assert get.__name__ == "get"
            assert factorial(2000) == math.factorial(2000) and -factorial(1500) < 0
        """);

    assertThat(run.tests()).as(run.stdout().text()).hasSize(4).allMatch(TestResult::passed);
  }

  /**
   * Python suites of plain test functions first run under the bridge's own runner, without pytest's start-up; its
   * verdict counts only when every test passed, else pytest runs the suite again (Q1–Q3).
   */
  @Nested
  class QuickRunner {
    /** {@link #TESTS} as plain functions: no pytest, so the quick runner is tried first. */
    private static final String PLAIN_TESTS = """
        import solution

        def test_square():
            assert solution.f(2) == 4

        def test_raises_for_negative():
            try:
                solution.f(-1)
            except Exception:
                return
            raise AssertionError("no exception for -1")

        def test_nine():
            assert solution.f(3) == 9
        """;
    private static final String SQUARE = "def f(x):\n    if x < 0:\n        raise ValueError(x)\n"
        + "    print('squaring', x)\n    return x * x\n";

    @ParameterizedTest(name = "Q1 {0}: every test fails")
    @MethodSource("dev.ace4j.sandbox.security.SealedTestsTest#forgeries")
    void forgingCodeFailsEveryPlainTest(String code) {
      Execution run = run(code, PLAIN_TESTS);

      assertThat(run.tests()).as(run.stdout().text()).isNotEmpty().noneMatch(TestResult::passed);
      assertThat(run.status()).isNotEqualTo(Status.OK);
    }

    @Test
    @DisplayName("Q2 a suite only the quick runner passes passes, and so does one only pytest passes")
    void theQuickRunnerDecidesWhatItPassesAndPytestTheRest() {
      // The quick runner runs the tests in the interpreter started with -c; pytest under its own __main__.
      Execution quick = run(SQUARE, "import sys\nimport solution\n\ndef test_runner():\n"
          + "    assert sys.argv == ['-c']\n    assert solution.f(3) == 9\n");
      Execution pytest = run(SQUARE, "import sys\nimport solution\n\ndef test_runner():\n"
          + "    assert sys.argv[0].endswith('pytest/__main__.py')\n    assert solution.f(3) == 9\n");

      assertThat(quick.tests()).as(quick.stdout().text()).hasSize(1).allMatch(TestResult::passed);
      assertThat(pytest.tests()).as(pytest.stdout().text()).hasSize(1).allMatch(TestResult::passed);
    }

    static Stream<Arguments> plainSuites() {
      String many = IntStream.range(0, 100).mapToObj(i -> "def test_" + i + "():\n    assert solution.f(" + i
          + ") == " + i * i + "\n").collect(Collectors.joining("\n"));
      return Stream.of(
          suite("every test passes, both sides print", SQUARE,
              "import solution\n\ndef test_two():\n    print('checking')\n    assert solution.f(2) == 4\n\n"
                  + "def test_zero():\n    assert solution.f(0) == 0\n"),
          suite("100 tests pass (pytest's progress wraps)", SQUARE, "import solution\n\n" + many),
          suite("one test fails", SQUARE,
              "import solution\n\ndef test_two():\n    assert solution.f(2) == 4\n\n"
                  + "def test_three():\n    assert solution.f(3) == 10\n"),
          suite("the code raises", SQUARE, "import solution\n\ndef test_negative():\n    solution.f(-1)\n"),
          suite("a name the code lacks", SQUARE, "from solution import g\n\ndef test_g():\n    assert g() == 1\n"),
          suite("a passing test warns", SQUARE,
              "import warnings\nimport solution\n\ndef test_two():\n    warnings.warn('careful')\n"
                  + "    assert solution.f(2) == 4\n"),
          suite("a test returns a value", SQUARE, "import solution\n\ndef test_two():\n    return solution.f(2)\n"),
          suite("the code exits 0 during a call", "import os\ndef f(x):\n    os._exit(0)\n",
              "import solution\n\ndef test_two():\n    assert solution.f(2) == 4\n"));
    }

    private static Arguments suite(String name, String code, String tests) {
      return Arguments.of(Named.of(name, code), tests);
    }

    @ParameterizedTest(name = "Q3 {0}: the same result as pytest")
    @MethodSource("plainSuites")
    void aPlainSuiteGetsWhatPytestGives(String code, String tests) {
      Execution tried = run(code, tests);
      // A name of pytest's, after the last line, sends the same suite straight to pytest.
      Execution pytest = run(code, tests + "\nimport pytest\n");

      assertThat(tried.status()).isEqualTo(pytest.status());
      assertThat(tried.exitCode()).isEqualTo(pytest.exitCode());
      assertThat(withoutTimes(tried.stdout().text())).isEqualTo(withoutTimes(pytest.stdout().text()));
      assertThat(outcomes(tried)).as(tried.stdout().text()).isEqualTo(outcomes(pytest));
    }

    private static List<String> outcomes(Execution run) {
      return run.tests().stream().map(test -> test.suite() + "::" + test.name() + " " + test.outcome() + " "
          + withoutTimes(test.message())).toList();
    }

    /** {@code text} without what differs between two runs of pytest itself: times and addresses. */
    private static String withoutTimes(String text) {
      return text.replaceAll("in \\d+\\.\\d\\ds", "in N s").replaceAll("0x[0-9a-f]+", "0x…");
    }
  }

  @Nested
  class JavaScript {
    /** The same three tests in node:test. */
    private static final String TESTS = """
        const test = require('node:test');
        const assert = require('node:assert');
        const { f } = require('./solution.js');

        test('square', () => {
          assert.strictEqual(f(2), 4);
        });

        test('throws for a negative number', () => {
          assert.throws(() => f(-1));
        });

        test('nine', () => {
          assert.strictEqual(f(3), 9);
        });
        """;

    static Stream<Arguments> forgeries() {
      return Stream.of(
          forgery("process.exit(0) at import", "process.exit(0);\n"),
          forgery("process.exit(0) in the function", "exports.f = () => process.exit(0);\n"),
          forgery("it kills itself in the function", "exports.f = () => process.kill(process.pid, 'SIGKILL');\n"),
          forgery("an exit handler writes a passing report", """
              const fs = require('fs');
              process.on('exit', () => fs.writeFileSync('.ace-report.xml', '<testsuites>'
                + ['square', 'throws for a negative number', 'nine']
                    .map((n) => '<testcase name="' + n + '" classname="test"/>').join('') + '</testsuites>'));
              exports.f = () => process.exit(0);
              """),
          forgery("it replaces assert and node:test", """
              const assert = require('node:assert');
              for (const name of Object.keys(assert)) assert[name] = () => {};
              require('node:test').test = () => {};
              Object.prototype.strictEqual = () => {};
              exports.f = (x) => x + 1;
              """),
          forgery("it looks for the tests' source to special-case them", """
              const fs = require('fs');
              exports.f = (x) => {
                for (const dir of ['.', '..', '/tmp', '/work']) {
                  try {
                    const file = fs.readdirSync(dir).find((n) => n.endsWith('.test.js'));
                    if (file) return Number(/strictEqual\\(f\\(3\\), (\\d+)\\)/.exec(
                        fs.readFileSync(dir + '/' + file, 'utf8'))[1]);
                  } catch (e) { /* keep looking */ }
                }
                return x + 1;
              };
              """),
          forgery("it returns objects that print as the answer", """
              exports.f = (x) => ({
                valueOf: () => x * x, toString: () => String(x * x), [Symbol.toPrimitive]: () => x * x,
              });
              """),
          forgery("it writes a frame header claiming 2 GiB to the tests",
              "require('fs').writeSync(4, Buffer.from([128, 0, 0, 0]));\nexports.f = (x) => x * x;\n"),
          forgery("it writes its own answers, nested past any decoder's depth", """
              const fs = require('fs');
              const send = (text) => {
                const data = Buffer.from(text);
                const header = Buffer.alloc(4);
                header.writeUInt32BE(data.length);
                fs.writeSync(4, Buffer.concat([header, data]));
              };
              send('{"ok": ' + '['.repeat(100000) + ']'.repeat(100000) + '}');
              send('{"ok": {"$": "o", "v": [["f", {"$": "r", "id": 7, "f": true}]]}}');
              send('{"ok": 4}');
              exports.f = (x) => x * x;
              """));
    }

    @ParameterizedTest(name = "V1 {0}: no test passes")
    @MethodSource("forgeries")
    void forgingCodePassesNoTest(String code) {
      Execution run = run(Language.JAVASCRIPT, code, TESTS);

      assertThat(run.tests()).as(run.stdout().text()).noneMatch(TestResult::passed);
      assertThat(run.status()).isNotEqualTo(Status.OK);
    }

    @Test
    @DisplayName("V2 the code under test sees neither the tests nor their report: only its own files")
    void codeSeesNoTests() {
      Execution run = run(Language.JAVASCRIPT, """
          const fs = require('fs');
          exports.listing = () => fs.readdirSync('.').sort();
          """, """
          const test = require('node:test');
          const assert = require('node:assert');
          const { listing } = require('./solution.js');
          test('listing', () => {
            assert.deepStrictEqual(listing(), ['_ace_sealed.js', 'solution.js']);
          });
          """);

      assertThat(run.tests()).as(run.stdout().text()).hasSize(1).allMatch(TestResult::passed);
    }

    @Test
    @DisplayName("V3 node:test suites work across the seal: classes, the code's errors, async, callbacks, data")
    void nodeTestConventionsWorkAcrossTheSeal() {
      Execution run = run(Language.JAVASCRIPT, """
          class Counter {
            constructor() { this.n = 0; }
            add(k = 1) { this.n += k; return this.n; }
            get value() { return this.n; }
          }
          class ValidationError extends Error {
            constructor(message) { super(message); this.name = 'ValidationError'; }
          }
          function validate(x) {
            if (typeof x !== 'number') throw new TypeError('not a number');
            if (x < 0) throw new ValidationError('negative: ' + x);
            return true;
          }
          const sortInPlace = (items) => items.sort((a, b) => a - b);
          async function later(x) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            return x + 1;
          }
          const apply = (f, items) => items.map(f);
          const stats = (xs) => ({ min: Math.min(...xs), all: new Set(xs), big: 2n ** 70n, when: new Date(0),
            nan: NaN, nothing: undefined, names: new Map([[1, 'one']]) });
          function makeStack() {
            const items = [];
            return { push(x) { items.push(x); return items.length; }, size: () => items.length };
          }
          function shout(text) {
            console.log('shouting', text);
            return text.toUpperCase();
          }
          module.exports = { Counter, ValidationError, validate, sortInPlace, later, apply, stats, makeStack, shout };
          """, """
          const { describe, it } = require('node:test');
          const assert = require('node:assert');
          const { Counter, ValidationError, validate, sortInPlace, later, apply, stats, makeStack, shout }
            = require('./solution.js');

          describe('across the seal', () => {
            it('keeps a class instance on its side', () => {
              const counter = new Counter();
              counter.add();
              assert.strictEqual(counter.add(4), 5);
              assert.strictEqual(counter.value, 5);
              assert.ok(counter instanceof Counter);
              assert.ok(!({} instanceof Counter));
            });
            it("throws the code's own errors", () => {
              assert.throws(() => validate(-1), ValidationError);
              assert.throws(() => validate(-1), /negative: -1/);
              assert.throws(() => validate('x'), TypeError);
              assert.ok(validate(1));
            });
            it('changes an array it is given in place', () => {
              const items = [3, 1, 2];
              assert.strictEqual(sortInPlace(items), items);
              assert.deepStrictEqual(items, [1, 2, 3]);
            });
            it("awaits the code's promises", async () => {
              assert.strictEqual(await later(1), 2);
              await assert.rejects(later(1n), TypeError);
            });
            it("calls the tests' functions back", () => {
              assert.deepStrictEqual(apply((x) => x * 3, [1, 2]), [3, 6]);
            });
            it('copies data', () => {
              assert.deepStrictEqual(stats([3, 1]), { min: 1, all: new Set([3, 1]), big: 2n ** 70n,
                when: new Date(0), nan: NaN, nothing: undefined, names: new Map([[1, 'one']]) });
            });
            it('keeps an object with methods on its side', () => {
              const stack = makeStack();
              stack.push('a');
              assert.strictEqual(stack.push('b'), 2);
              assert.strictEqual(stack.size(), 2);
            });
            it('fails like any test', () => {
              assert.strictEqual(shout('hi'), 'HI!');
            });
          });
          """);

      assertThat(run.tests()).as(run.stdout().text() + run.stderr().text()).hasSize(8);
      assertThat(run.tests().stream().filter(TestResult::passed)).hasSize(7);
      assertThat(run.stdout().text()).contains("'HI' !== 'HI!'").contains("shouting hi");
    }
  }

  @Nested
  class Java {
    /** The same three tests in JUnit, against {@code Solution.f}. */
    private static final String TESTS = """
        import static org.junit.jupiter.api.Assertions.assertEquals;
        import static org.junit.jupiter.api.Assertions.assertThrows;

        import org.junit.jupiter.api.Test;

        class SolutionTest {
          @Test
          void square() {
            assertEquals(4, Solution.f(2));
          }

          @Test
          void throwsForANegativeNumber() {
            assertThrows(IllegalArgumentException.class, () -> Solution.f(-1));
          }

          @Test
          void nine() {
            assertEquals(9, Solution.f(3));
          }
        }
        """;

    /**
     * The rest of a forging class: descriptor 4 of its process, the channel's end towards the tests, as an attacker
     * reaches it (the bridge's JVM opens java.io for the same purpose), and f, which is right.
     */
    private static final String WRITES_TO_THE_CHANNEL = """
          static java.io.FileDescriptor channel() throws Exception {
            var descriptor = new java.io.FileDescriptor();
            var fd = java.io.FileDescriptor.class.getDeclaredField("fd");
            fd.setAccessible(true);
            fd.setInt(descriptor, 4);
            return descriptor;
          }
          public static int f(int x) { return x * x; }
        }
        """;

    static Stream<Arguments> forgeries() {
      return Stream.of(
          forgery("System.exit(0) in a static initializer", """
              public class Solution {
                static { System.exit(0); }
                public static int f(int x) { return x * x; }
              }
              """),
          forgery("System.exit(0) in the method", """
              public class Solution {
                public static int f(int x) { System.exit(0); return 0; }
              }
              """),
          forgery("Runtime.halt(0) in the method", """
              public class Solution {
                public static int f(int x) { Runtime.getRuntime().halt(0); return 0; }
              }
              """),
          forgery("a shutdown hook writes a passing report", """
              import java.nio.file.*;
              public class Solution {
                public static int f(int x) {
                  Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                      Files.createDirectories(Path.of(".ace-reports"));
                      Files.writeString(Path.of(".ace-reports/TEST-junit-jupiter.xml"), "<testsuite tests=\\"3\\">"
                          + "<testcase name=\\"square()\\" classname=\\"SolutionTest\\"/>"
                          + "<testcase name=\\"nine()\\" classname=\\"SolutionTest\\"/>"
                          + "<testcase name=\\"throwsForANegativeNumber()\\" classname=\\"SolutionTest\\"/>"
                          + "</testsuite>");
                    } catch (Exception e) {
                      throw new RuntimeException(e);
                    }
                  }));
                  System.exit(0);
                  return 0;
                }
              }
              """),
          forgery("it looks for the tests' source to special-case them", """
              import java.nio.file.*;
              public class Solution {
                public static int f(int x) {
                  for (String dir : new String[] {".", "..", "/tmp", "/work"}) {
                    try (var files = Files.walk(Path.of(dir), 3)) {
                      for (Path p : (Iterable<Path>) files::iterator) {
                        if (p.toString().endsWith("SolutionTest.java")) {
                          return x * x; // what the tests expect, learned from them
                        }
                      }
                    } catch (Exception e) {
                      // keep looking
                    }
                  }
                  return x + 1;
                }
              }
              """),
          forgery("it writes a frame header claiming 2 GiB to the tests", """
              public class Solution {
                static {
                  try {
                    var out = new java.io.FileOutputStream(channel());
                    out.write(new byte[] {(byte) 128, 0, 0, 0});
                    out.flush();
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                }
              """ + WRITES_TO_THE_CHANNEL),
          forgery("it writes its own answers, nested past any decoder's depth", """
              public class Solution {
                static void send(java.io.OutputStream out, String text) throws Exception {
                  byte[] data = text.getBytes("UTF-8");
                  out.write(new byte[] {(byte) (data.length >>> 24), (byte) (data.length >>> 16),
                      (byte) (data.length >>> 8), (byte) data.length});
                  out.write(data);
                }
                static {
                  try {
                    var out = new java.io.FileOutputStream(channel());
                    send(out, "{\\"ok\\":" + "[".repeat(100000) + "]".repeat(100000) + "}");
                    send(out, "{\\"ok\\":{\\"t\\":\\"I\\",\\"v\\":\\"4\\"}}");
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                }
              """ + WRITES_TO_THE_CHANNEL));
    }

    @ParameterizedTest(name = "V1 {0}: no test passes")
    @MethodSource("forgeries")
    void forgingCodePassesNoTest(String code) {
      Execution run = run(Language.JAVA, code, TESTS);

      // JUnit ran (a forgery that does not compile would prove nothing), and no test passed.
      assertThat(run.tests()).as(run.stdout().text() + run.stderr().text()).hasSize(3).noneMatch(TestResult::passed);
      assertThat(run.status()).isNotEqualTo(Status.OK);
    }

    @Test
    @DisplayName("V1 an object of the code's that claims to equal anything equals none of the tests' values")
    void anAlwaysEqualObjectEqualsNoTestValue() {
      Execution run = run(Language.JAVA, """
          public class Solution {
            public static Object f(int x) {
              return new Object() {
                @Override public boolean equals(Object other) { return true; }
                @Override public int hashCode() { return Integer.valueOf(x * x).hashCode(); }
                @Override public String toString() { return String.valueOf(x * x); }
              };
            }
          }
          """, """
          import static org.junit.jupiter.api.Assertions.assertEquals;
          import static org.junit.jupiter.api.Assertions.assertTrue;
          import org.junit.jupiter.api.Test;
          class SolutionTest {
            @Test
            void equalsFromTheTestsSide() {
              assertEquals(Solution.f(2), 4);
            }
            @Test
            void equalsCalledOnTheObject() {
              assertTrue(Solution.f(3).equals(9));
            }
          }
          """);

      assertThat(run.tests()).as(run.stdout().text() + run.stderr().text()).hasSize(2)
          .noneMatch(TestResult::passed);
    }

    @Test
    @DisplayName("V2 the code under test sees neither the tests nor their report: only its own files")
    void codeSeesNoTests() {
      Execution run = run(Language.JAVA, """
          import java.nio.file.*;
          import java.util.*;
          public class Solution {
            public static List<String> listing() throws Exception {
              List<String> names = new ArrayList<>();
              try (var files = Files.walk(Path.of("."))) {
                files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.ace-"))
                    .forEach(p -> names.add(p.toString()));
              }
              Collections.sort(names);
              return names;
            }
          }
          """, """
          import static org.junit.jupiter.api.Assertions.assertEquals;
          import java.util.List;
          import org.junit.jupiter.api.Test;
          class SolutionTest {
            @Test
            void listing() throws Exception {
              assertEquals(List.of("./Solution.java"), Solution.listing());
            }
          }
          """);

      assertThat(run.tests()).as(run.stdout().text() + run.stderr().text()).hasSize(1).allMatch(TestResult::passed);
    }

    @Test
    @DisplayName("V3 JUnit suites work across the seal: objects, fields, records, enums, exceptions, callbacks, data, "
        + "a class extending a JDK collection")
    void junitConventionsWorkAcrossTheSeal() {
      Execution run = run(Language.JAVA, """
          import java.util.*;
          import java.util.function.IntUnaryOperator;
          public class Solution {
            public static final int LIMIT = 10;
            public static List<Integer> sorted(List<Integer> items) {
              List<Integer> result = new ArrayList<>(items);
              Collections.sort(result);
              return result;
            }
            public static void sortInPlace(int[] items) { Arrays.sort(items); }
            public static <T extends Comparable<T>> T max(List<T> items) { return Collections.max(items); }
            public static Map<String, Integer> count(String text) {
              Map<String, Integer> counts = new TreeMap<>();
              for (String word : text.split(" ")) counts.merge(word, 1, Integer::sum);
              return counts;
            }
            public static int apply(IntUnaryOperator f, int x) { return f.applyAsInt(x); }
            public static void validate(int x) {
              if (x < 0) throw new IllegalArgumentException("negative: " + x);
              if (x > 100) throw new TooBig(x);
            }
            public static Iterable<Integer> range(int n) {
              return () -> new Iterator<Integer>() {
                int i;
                public boolean hasNext() { return i < n; }
                public Integer next() { return i++; }
              };
            }
            public static int shout(String text) {
              System.out.println("shouting " + text);
              return text.length();
            }
            public enum Color { RED, GREEN; public Color next() { return values()[(ordinal() + 1) % 2]; } }
            public static class TooBig extends RuntimeException {
              public TooBig(int x) { super("too big: " + x); }
            }
          }
          class Counter {
            private int n;
            public int add(int k) { n += k; return n; }
            @Override public boolean equals(Object o) { return o instanceof Counter && ((Counter) o).n == n; }
            @Override public int hashCode() { return n; }
            @Override public String toString() { return "Counter(" + n + ")"; }
          }
          class ListNode {
            int val;
            ListNode next;
            ListNode(int val, ListNode next) { this.val = val; this.next = next; }
            static ListNode reverse(ListNode head) {
              ListNode previous = null;
              while (head != null) { ListNode next = head.next; head.next = previous; previous = head; head = next; }
              return previous;
            }
          }
          record Point(int x, int y) { double norm() { return Math.sqrt(x * x + y * y); } }
          class LruCache<K, V> extends LinkedHashMap<K, V> {
            private final int capacity;
            LruCache(int capacity) { super(16, 0.75f, true); this.capacity = capacity; }
            @Override protected boolean removeEldestEntry(Map.Entry<K, V> eldest) { return size() > capacity; }
          }
          interface Shape { double area(); default String describe() { return "area " + area(); } }
          class Square implements Shape {
            private final double side;
            Square(double side) { this.side = side; }
            public double area() { return side * side; }
          }
          """, """
          import static org.junit.jupiter.api.Assertions.*;
          import java.util.*;
          import org.junit.jupiter.api.Test;
          import org.junit.jupiter.params.ParameterizedTest;
          import org.junit.jupiter.params.provider.ValueSource;
          class SolutionTest {
            @Test
            void valuesAndConstants() {
              assertEquals(10, Solution.LIMIT);
              assertEquals(List.of(1, 2, 3), Solution.sorted(List.of(3, 1, 2)));
              assertEquals("b", Solution.max(List.of("a", "b")));
              assertEquals(Map.of("a", 2, "b", 1), Solution.count("a b a"));
            }
            @Test
            void arraysChangedInPlace() {
              int[] items = {3, 1, 2};
              Solution.sortInPlace(items);
              assertArrayEquals(new int[] {1, 2, 3}, items);
            }
            @Test
            void theCodesExceptions() {
              assertEquals("negative: -1",
                  assertThrows(IllegalArgumentException.class, () -> Solution.validate(-1)).getMessage());
              assertEquals("too big: 101",
                  assertThrows(Solution.TooBig.class, () -> Solution.validate(101)).getMessage());
            }
            @Test
            void objectsStayOnTheirSide() {
              Counter counter = new Counter();
              counter.add(2);
              assertEquals(5, counter.add(3));
              Counter other = new Counter();
              other.add(5);
              assertEquals(other, counter);
              assertTrue(new HashSet<>(List.of(counter)).contains(other));
              assertEquals("Counter(5)", counter.toString());
            }
            @Test
            void fieldsCrossWithTheirObjects() {
              ListNode reversed = ListNode.reverse(new ListNode(1, new ListNode(2, new ListNode(3, null))));
              assertEquals(3, reversed.val);
              assertEquals(2, reversed.next.val);
              assertEquals(1, reversed.next.next.val);
              assertNull(reversed.next.next.next);
            }
            @Test
            void recordsEnumsInterfacesCallbacks() {
              assertEquals(5.0, new Point(3, 4).norm());
              assertEquals(new Point(3, 4), new Point(3, 4));
              assertEquals(Solution.Color.RED, Solution.Color.GREEN.next());
              Shape square = new Square(2);
              assertEquals("area 4.0", square.describe());
              assertEquals(9, Solution.apply(x -> x * 3, 3));
              List<Integer> seen = new ArrayList<>();
              Solution.range(3).forEach(seen::add);
              assertEquals(List.of(0, 1, 2), seen);
            }
            @Test
            void aClassThatExtendsAJdkCollectionKeepsItsMethods() {
              LruCache<Integer, String> cache = new LruCache<>(2);
              cache.put(1, "a");
              cache.put(2, "b");
              cache.get(1);
              cache.put(3, "c");
              Map<Integer, String> map = cache;
              assertEquals(Map.of(1, "a", 3, "c"), map);
              assertNull(cache.get(2));
            }
            @ParameterizedTest
            @ValueSource(strings = {"a", "bb"})
            void parameterized(String text) {
              assertEquals(text.length(), Solution.shout(text));
            }
            @Test
            void failsLikeAnyTest() {
              assertEquals(3, Solution.shout("hi"));
            }
          }
          """);

      assertThat(run.tests()).as(run.stdout().text() + run.stderr().text()).hasSize(10);
      assertThat(run.tests().stream().filter(TestResult::passed)).hasSize(9);
      assertThat(run.stdout().text()).contains("expected: <3> but was: <2>").contains("shouting hi");
    }
  }
}

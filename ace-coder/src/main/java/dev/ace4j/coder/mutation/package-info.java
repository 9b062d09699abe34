/**
 * Mutation testing in the sandbox, with no model: Python modules against their pytest suites (mutants made from the
 * module's syntax tree, each run sealed against the tests, killed or surviving), and Java classes against their
 * JUnit 5 tests with PIT ({@link dev.ace4j.coder.mutation.JavaMutationTesting}).
 */
@NullMarked
package dev.ace4j.coder.mutation;

import org.jspecify.annotations.NullMarked;

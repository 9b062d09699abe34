/**
 * Mutation testing of Python modules against their pytest suites, in the sandbox and with no model: mutants made
 * from the module's syntax tree, each run sealed against the tests, killed or surviving.
 */
@NullMarked
package dev.ace4j.coder.mutation;

import org.jspecify.annotations.NullMarked;

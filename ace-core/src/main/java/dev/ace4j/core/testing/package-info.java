/**
 * Test doubles for code that uses the ACE engine: {@link dev.ace4j.core.testing.ScriptedModel} answers
 * from a script, for tests that cannot reach a language model.
 */
@NullMarked
package dev.ace4j.core.testing;

import org.jspecify.annotations.NullMarked;

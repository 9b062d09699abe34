/**
 * Behaviour-preserving refactoring: a model rewrites a module toward a goal, and the rewrite is accepted only when
 * the module's tests and differential cases made from the original pass on it, sealed in the sandbox.
 */
@NullMarked
package dev.ace4j.coder.refactor;

import org.jspecify.annotations.NullMarked;

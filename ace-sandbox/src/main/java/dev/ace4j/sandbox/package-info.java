/**
 * Runs untrusted code in a hardened local sandbox: {@link dev.ace4j.sandbox.Sandboxes} is the entry point,
 * {@link dev.ace4j.sandbox.ExecutionRequest} and {@link dev.ace4j.sandbox.Execution} the request and its
 * E2B-shaped result. Knows nothing of ACE.
 */
@NullMarked
package dev.ace4j.sandbox;

import org.jspecify.annotations.NullMarked;

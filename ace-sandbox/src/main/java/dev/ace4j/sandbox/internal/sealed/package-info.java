/**
 * The Java side of sealed test execution, compiled with ace4j and copied as class files into both sandboxes of a
 * Java test run: {@link dev.ace4j.sandbox.internal.sealed.AceSealed} prepares the tests' side (stand-ins of the
 * code's types) and serves the code's side. It runs inside sandboxes, on the JDK alone, and never in ace's own JVM.
 *
 * <p>The annotation below is for ace4j's own checks; inside the sandboxes its class is absent, which the JVM ignores.
 *
 * <p><b>Internal:</b> not part of the public API.
 */
@NullMarked
package dev.ace4j.sandbox.internal.sealed;

import org.jspecify.annotations.NullMarked;

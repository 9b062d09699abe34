/**
 * ace-sandbox's implementation: the bubblewrap and plain-process backends, language runners, control
 * groups, the seccomp filter, and the parsing of errors and test reports.
 *
 * <p><b>Internal:</b> not part of the public API; it may change in any release without notice. Do not
 * depend on it from outside its module.
 */
@NullMarked
package dev.ace4j.sandbox.internal;

import org.jspecify.annotations.NullMarked;

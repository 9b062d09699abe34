/**
 * ace-core's implementation: prompt templates, role calls, tolerant JSON replies, the operation log and
 * file locks.
 *
 * <p><b>Internal:</b> not part of the public API; it may change in any release without notice. Do not
 * depend on it from outside its module.
 */
@NullMarked
package dev.ace4j.core.internal;

import org.jspecify.annotations.NullMarked;

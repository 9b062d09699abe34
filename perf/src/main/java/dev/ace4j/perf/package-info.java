/**
 * Measurements that print ace4j's figure beside a baseline from the same run; see docs/PERFORMANCE.md.
 */
@NullMarked
package dev.ace4j.perf;

import org.jspecify.annotations.NullMarked;

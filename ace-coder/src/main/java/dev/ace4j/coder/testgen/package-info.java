/**
 * Test generation with teeth: a model writes a pytest suite for a module, the sandbox proves it passes on the module
 * and fails on its mutants, surviving mutants drive the next suite, and the lessons go to a test-generation
 * playbook.
 */
@NullMarked
package dev.ace4j.coder.testgen;

import org.jspecify.annotations.NullMarked;

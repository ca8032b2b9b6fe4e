/** The HTTP surface of support cases and of the support actions taken from them. */
@org.jspecify.annotations.NullMarked
package dev.orderly.supportcase.web;

/** The demo data a fresh start in demo mode seeds: shops, buyers, products and their tokens. */
@org.jspecify.annotations.NullMarked
package dev.orderly.demo;

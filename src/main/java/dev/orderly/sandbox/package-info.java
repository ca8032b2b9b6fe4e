/**
 * The built-in sandbox payment provider. It stands for a third party: Orderly reaches it only over
 * HTTP, it keeps its own table, and it calls Orderly back with signed callbacks like a real
 * provider (delayed or duplicated on request). Nothing in Orderly depends on this package.
 */
package dev.orderly.sandbox;

/**
 * The web console (PRODUCT.md, Interfaces → Web console): the pages a buyer, a seller, support and
 * an operator work in, served by the same jar at {@code /}. Server-side pages (Thymeleaf) over the
 * same services the API calls, so a page never disagrees with the API; every action is a form that
 * posts and redirects, and works without JavaScript. With JavaScript on, htmx keeps the parts that
 * change by themselves live (an order's status, a countdown, the dashboard's charts). Sign-in,
 * sessions and CSRF are access's ({@code AccessSecurityConfig#consoleSecurity}); texts are in
 * {@code console*.properties} in English, Simplified Chinese and Indonesian.
 *
 * <p>Public surface: none. The console is an edge, like the API controllers; nothing depends on it.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.console;

/**
 * The HTTP edge every feature shares: the request guard (size, query string, declared inputs,
 * strict JSON), RFC 9457 problem documents for every refusal, idempotency keys, the OpenAPI
 * document. Features' own controllers live in their packages; the web console's pages in console.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.web;

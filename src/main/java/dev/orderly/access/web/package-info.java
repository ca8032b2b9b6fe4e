/** The access module's HTTP adapter: the admin creates principals and gets their tokens. */
@org.jspecify.annotations.NullMarked
package dev.orderly.access.web;

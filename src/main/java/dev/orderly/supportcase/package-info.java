/**
 * Support cases (PRODUCT.md, Support cases; API.md, Support cases): a buyer or seller opens a case
 * on an order with a topic and a message; support answers with public replies and internal notes,
 * takes the case, acts from it and solves it; the opener may reopen a solved case within the reopen
 * window, after which a durable timer closes it. Help-desk statuses {@code OPEN → PENDING → SOLVED →
 * CLOSED} ({@link dev.orderly.supportcase.SupportCase}, the aggregate). Every case carries its order's
 * timeline; every step is written on that timeline, except internal notes, which only support ever
 * sees. Public surface: {@link dev.orderly.supportcase.SupportCases} (commands and queries), the
 * aggregate and its value types, and {@link dev.orderly.supportcase.CaseUpdated} (the opener's
 * notification).
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.supportcase;

package dev.orderly.supportcase;

/**
 * A case's help-desk status (Zendesk's conventions): {@code OPEN} waits on support, {@code PENDING}
 * on the customer, {@code SOLVED} may still be reopened by its opener, {@code CLOSED} is final.
 */
public enum CaseStatus { OPEN, PENDING, SOLVED, CLOSED }

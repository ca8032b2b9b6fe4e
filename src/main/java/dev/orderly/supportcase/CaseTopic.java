package dev.orderly.supportcase;

/** What a case is about (API.md, Support cases), chosen by its opener. */
public enum CaseTopic { PAYMENT_PROBLEM, CANCELLATION_REFUSED, REFUND_NOT_RECEIVED, DELIVERY_PROBLEM, OTHER }

package dev.orderly.cancellation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Published inside the transaction that took these requests' "answer soon" notices: one event per batch. */
public record SellerResponseDue(List<UUID> cancellationIds, Instant at) {}

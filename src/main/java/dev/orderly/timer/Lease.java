package dev.orderly.timer;

import java.time.Instant;
import java.util.UUID;

/**
 * A claimed row of leased work: while {@code until} has not passed, no other worker or instance
 * takes it. The row's due column holds {@code until}; the claimant records its outcome only while
 * that still holds ({@code … WHERE id = ? AND <due column> = until}), so an outcome that comes after
 * the lease ran out (and the row may have been claimed and done again) changes nothing.
 *
 * @param id the row's id
 * @param until the end of the lease, in whole milliseconds (the same value when read back from
 *     either database)
 */
public record Lease(UUID id, Instant until) {}

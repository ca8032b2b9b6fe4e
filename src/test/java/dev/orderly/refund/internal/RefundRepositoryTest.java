package dev.orderly.refund.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.refund.Refund;
import dev.orderly.refund.RefundStatus;
import dev.orderly.support.ApiTest;
import dev.orderly.support.Shop;
import dev.orderly.timer.Lease;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A refund's transition is written only from the status it came from and, for the executor's tries,
 * only while the executor's lease holds: a write that lost the race changes nothing and says so.
 * On a real refund row (a seller's cancellation of a paid order), moved to a try due far in the
 * future so that no executor takes it meanwhile.
 */
class RefundRepositoryTest extends ApiTest {

  static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");

  @Autowired
  RefundRepository refunds;

  @Test
  void aTrysOutcomeIsWrittenOnlyUnderItsLeaseAndFromItsStatus() {
    UUID id = succeededRefund();
    Refund succeeded = refunds.find(id).orElseThrow();

    // support's retry is written from the status it came from only
    Refund waiting = copy(succeeded, RefundStatus.FAILED, 2, "down", FAR);
    assertThat(refunds.saveChange(waiting, RefundStatus.NEEDS_ATTENTION)).isFalse();
    assertThat(refunds.find(id).orElseThrow().status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(refunds.saveChange(waiting, RefundStatus.SUCCEEDED)).isTrue();
    Refund claimed = refunds.find(id).orElseThrow();
    assertThat(claimed.status()).isEqualTo(RefundStatus.FAILED);
    assertThat(claimed.nextAttemptAt()).isEqualTo(FAR);

    Refund outcome = copy(claimed, RefundStatus.FAILED, 3, "still down", FAR.plusSeconds(60));
    // a lease that is not the row's any more (it ran out, someone else claimed the row)
    assertThat(refunds.saveTry(outcome, RefundStatus.FAILED, new Lease(id, FAR.plusMillis(1)))).isFalse();
    // the row's lease, but the status moved on
    assertThat(refunds.saveTry(outcome, RefundStatus.PENDING, new Lease(id, FAR))).isFalse();
    assertThat(snapshot(refunds.find(id).orElseThrow())).isEqualTo(snapshot(claimed));

    // the lease holds and the status is the one it came from: written (and the row succeeded again)
    assertThat(refunds.saveTry(succeeded, RefundStatus.FAILED, new Lease(id, FAR))).isTrue();
    assertThat(snapshot(refunds.find(id).orElseThrow())).isEqualTo(snapshot(succeeded));
  }

  private UUID succeededRefund() {
    Shop shop = Shop.open(api, Map.of(), "10.00", false);
    UUID order = shop.paidOrder();
    assertThat(api.post("/api/v1/orders/" + order + "/seller-cancellation", shop.seller().token(),
        Map.of("reason", "OUT_OF_STOCK")).status()).isEqualTo(200);
    return UUID.fromString(shop.refundSucceeded(order).path("id").asString());
  }

  private static Refund copy(Refund r, RefundStatus status, int attempts, String lastError, Instant nextAttemptAt) {
    return Refund.restore(r.id(), r.orderId(), r.paymentId(), r.paymentReference(), r.method(), r.amount(), r.cause(),
        status, attempts, lastError, nextAttemptAt, null, r.expectedBy(), r.createdAt(), null);
  }

  private static String snapshot(Refund r) {
    return String.join("|", r.status().name(), String.valueOf(r.attempts()), String.valueOf(r.lastError()),
        String.valueOf(r.nextAttemptAt()), String.valueOf(r.providerReference()), String.valueOf(r.expectedBy()),
        String.valueOf(r.completedAt()));
  }
}

package dev.orderly.order;

import dev.orderly.access.Actor;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What an actor may see of orders and of what hangs off an order (its cancellation requests,
 * refunds, timeline): a buyer its own, a seller its shop's, support and admins everything. The one
 * place where the role decides this: a single read asks {@link #includes}, so anyone else's order
 * is reported as not found; a list hands the scope to its repository.
 *
 * @param kind whose rows are in scope
 * @param partyId the buyer's or the seller's id; null for {@link Kind#EVERYTHING}
 */
public record ListScope(Kind kind, @Nullable UUID partyId) {

  /** Whose rows: the buyer's ({@code buyer_id}), the seller's shop's ({@code seller_id}), or all. */
  public enum Kind { BUYER, SELLER, EVERYTHING }

  public ListScope {
    if ((kind == Kind.EVERYTHING) != (partyId == null)) {
      throw new IllegalArgumentException(kind + " scope with party " + partyId);
    }
  }

  public static ListScope of(Actor actor) {
    return switch (actor.role()) {
      case BUYER -> new ListScope(Kind.BUYER, Objects.requireNonNull(actor.id(), "buyer id"));
      case SELLER -> new ListScope(Kind.SELLER, Objects.requireNonNull(actor.id(), "seller id"));
      case SUPPORT, ADMIN -> new ListScope(Kind.EVERYTHING, null);
    };
  }

  /** Whether something between this buyer and this seller is in scope. */
  public boolean includes(UUID buyerId, UUID sellerId) {
    return switch (kind) {
      case BUYER -> buyerId.equals(partyId);
      case SELLER -> sellerId.equals(partyId);
      case EVERYTHING -> true;
    };
  }

  /**
   * Appends the scope's condition to a list's SQL ({@code " AND buyer_id = ?"} or
   * {@code " AND seller_id = ?"}, nothing for everything) and its parameter: for the repositories of
   * tables that carry both parties as {@code buyer_id} and {@code seller_id}.
   */
  public void restrict(StringBuilder sql, java.util.List<Object> params) {
    switch (kind) {
      case BUYER -> sql.append(" AND buyer_id = ?");
      case SELLER -> sql.append(" AND seller_id = ?");
      case EVERYTHING -> { }
    }
    if (partyId != null) {
      params.add(partyId);
    }
  }

  public boolean includes(Order order) {
    return includes(order.buyerId(), order.sellerId());
  }
}

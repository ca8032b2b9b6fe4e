package dev.orderly.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The harness of the aggregates' action-table tests ({@code OrderTest}, {@code PaymentAttemptTest},
 * {@code RefundTest}, {@code DeliveryTest}): each test lists its actions with the statuses they are
 * legal from; this turns the list into the (status, action) pairs of the parameterized "allowed"
 * and "refused, changes nothing" tests, and checks that the two cover every pair exactly once.
 */
public final class ActionTable {

  private ActionTable() {}

  /** (status, action) for every status the action is legal from. */
  public static <S extends Enum<S>, A> Stream<Arguments> legalMoves(A[] actions, Function<A, Set<S>> legalFrom) {
    return Arrays.stream(actions).flatMap(a -> legalFrom.apply(a).stream().map(s -> Arguments.of(s, a)));
  }

  /** (status, action) for every other status: the moves the aggregate must refuse. */
  public static <S extends Enum<S>, A> Stream<Arguments> illegalMoves(A[] actions, Function<A, Set<S>> legalFrom) {
    return Arrays.stream(actions)
        .flatMap(a -> EnumSet.complementOf(EnumSet.copyOf(legalFrom.apply(a))).stream().map(s -> Arguments.of(s, a)));
  }

  /** Legal and illegal moves together name each of the {@code statuses × actions} pairs once. */
  public static void assertEveryPairOnce(List<Arguments> legal, List<Arguments> illegal, int statuses, int actions) {
    assertThat(Stream.concat(legal.stream(), illegal.stream()).map(a -> List.of(a.get())).distinct())
        .hasSize(statuses * actions);
  }
}

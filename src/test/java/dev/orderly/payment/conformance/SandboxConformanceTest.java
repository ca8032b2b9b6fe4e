package dev.orderly.payment.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sandbox provider passes the same suite as the real ones: cards in USD. */
class SandboxConformanceTest extends PaymentProviderConformance {

  static final SandboxStandIn SANDBOX = new SandboxStandIn();

  SandboxConformanceTest() {
    super(SANDBOX, "CARD", "USD", "12.50");
  }

  @DynamicPropertySource
  static void sandbox(DynamicPropertyRegistry registry) {
    route(registry, SANDBOX, "CARD");
  }

  @BeforeEach
  void proxyToTheApplication() {
    SANDBOX.target("http://127.0.0.1:" + port);
  }

  @AfterAll
  static void stop() {
    SANDBOX.close();
  }

}

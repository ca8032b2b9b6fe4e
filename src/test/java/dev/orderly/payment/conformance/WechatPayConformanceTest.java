package dev.orderly.payment.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** WeChat Pay's adapter, through its official SDK (API v3), against a WeChat Pay stand-in: WeChat Pay in CNY. */
class WechatPayConformanceTest extends SignedAnswersConformance {

  static final WechatPayStandIn WECHAT = new WechatPayStandIn();

  WechatPayConformanceTest() {
    super(WECHAT, "WECHAT_PAY", "CNY", "88.00");
  }

  @DynamicPropertySource
  static void wechat(DynamicPropertyRegistry registry) {
    route(registry, WECHAT, "WECHAT_PAY");
  }

  @AfterAll
  static void stop() {
    WECHAT.close();
  }


  @Test
  void aRefundWechatPayLaterReportsAbnormalGoesToSupport() {
    aRefundTheProviderLaterReportsFailedGoesToSupport();
  }
}

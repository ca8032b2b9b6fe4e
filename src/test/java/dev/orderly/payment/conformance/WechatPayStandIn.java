package dev.orderly.payment.conformance;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import dev.orderly.common.Money;
import dev.orderly.payment.provider.CompactIds;
import dev.orderly.payment.provider.wechatpay.WechatPayAmounts;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * WeChat Pay API v3 as its documentation describes it (https://pay.weixin.qq.com/doc/v3/merchant):
 * requests must carry {@code Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,nonce_str=…,
 * signature=…,timestamp=…,serial_no=…} signed with the merchant's key over
 * {@code METHOD\nURL\ntimestamp\nnonce\nbody\n}; every answer is signed with the WeChat Pay key
 * ({@code Wechatpay-Signature} over {@code timestamp\nnonce\nbody\n}, {@code Wechatpay-Serial} the
 * public key's id); notifications carry the transaction encrypted with the API v3 key
 * (AEAD_AES_256_GCM, associated data {@code transaction}). It runs Native prepay, query and close by
 * {@code out_trade_no}, and refunds (once per {@code out_refund_no}). All keys are generated here.
 */
public final class WechatPayStandIn extends StandIn {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final Pattern AUTHORIZATION = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  final String merchantId = "19" + StripeStandIn.random(4).replaceAll("[a-f]", "0");
  final String appId = "wx" + StripeStandIn.random(8);
  final String serialNumber = StripeStandIn.random(20).toUpperCase();
  final String apiV3Key = StripeStandIn.random(16);
  final String publicKeyId = "PUB_KEY_ID_" + StripeStandIn.random(12);
  private final KeyPair merchant = AlipayStandIn.rsa();
  private final KeyPair platform = AlipayStandIn.rsa();

  private final Map<String, ObjectNode> trades = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> refunds = new ConcurrentHashMap<>();

  @Override
  public String provider() {
    return "wechatpay";
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("merchant-id", merchantId);
    s.put("app-id", appId);
    s.put("merchant-serial-number", serialNumber);
    s.put("private-key", pem("PRIVATE KEY", merchant.getPrivate().getEncoded()));
    s.put("api-v3-key", apiV3Key);
    s.put("platform-public-key", pem("PUBLIC KEY", platform.getPublic().getEncoded()));
    s.put("platform-public-key-id", publicKeyId);
    s.put("base-url", baseUrl());
    s.put("read-timeout", "PT1S");
    return s;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  @Override
  protected ResponseDefinitionBuilder answer(Request request) {
    String url = request.getUrl();
    String body = request.getBodyAsString() == null ? "" : request.getBodyAsString();
    if (!authorized(request, url, body)) {
      return signed(401, "{\"code\":\"SIGN_ERROR\",\"message\":\"签名错误\"}");
    }
    String path = url.split("\\?")[0];
    boolean post = RequestMethod.POST.equals(request.getMethod());
    synchronized (this) {
      if (post && path.equals("/v3/pay/transactions/native")) {
        return prepay(JSON.readTree(body));
      }
      if (post && path.startsWith("/v3/pay/transactions/out-trade-no/") && path.endsWith("/close")) {
        if (failCloses) {
          return signed(500, "{\"code\":\"SYSTEM_ERROR\",\"message\":\"系统错误\"}");
        }
        ObjectNode trade = trades.get(path.split("/")[5]);
        if (trade == null) {
          return signed(404, "{\"code\":\"ORDER_NOT_EXIST\",\"message\":\"订单不存在\"}");
        }
        if ("SUCCESS".equals(trade.path("trade_state").asString()) || "REFUND".equals(trade.path("trade_state").asString())) {
          return signed(400, "{\"code\":\"ORDERPAID\",\"message\":\"订单已支付\"}");
        }
        trade.put("trade_state", "CLOSED");
        return signed(204, "");
      }
      if (!post && path.startsWith("/v3/pay/transactions/out-trade-no/")) {
        ObjectNode trade = trades.get(path.split("/")[5]);
        return trade == null ? signed(404, "{\"code\":\"ORDER_NOT_EXIST\",\"message\":\"订单不存在\"}")
            : signed(200, trade.toString());
      }
    }
    if (post && path.equals("/v3/refund/domestic/refunds")) {
      return refund(JSON.readTree(body));
    }
    return signed(404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such API\"}");
  }

  /** The merchant's signature in Authorization, over METHOD\nURL\ntimestamp\nnonce\nbody\n. */
  private boolean authorized(Request request, String url, String body) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null || !authorization.startsWith("WECHATPAY2-SHA256-RSA2048 ")) {
      return false;
    }
    Map<String, String> parts = new LinkedHashMap<>();
    Matcher m = AUTHORIZATION.matcher(authorization);
    while (m.find()) {
      parts.put(m.group(1), m.group(2));
    }
    String message = request.getMethod().getName() + "\n" + url + "\n" + parts.get("timestamp") + "\n"
        + parts.get("nonce_str") + "\n" + body + "\n";
    return merchantId.equals(parts.get("mchid")) && serialNumber.equals(parts.get("serial_no"))
        && AlipayStandIn.verify(message, parts.get("signature"), merchant.getPublic());
  }

  private ResponseDefinitionBuilder prepay(JsonNode body) {
    ObjectNode trade = JSON.createObjectNode();
    trade.put("appid", body.path("appid").asString());
    trade.put("mchid", body.path("mchid").asString());
    trade.put("out_trade_no", body.path("out_trade_no").asString());
    trade.put("trade_state", "NOTPAY");
    trade.put("trade_state_desc", "订单未支付");
    trade.put("time_expire", body.path("time_expire").asString());
    ObjectNode amount = trade.putObject("amount");
    amount.put("total", body.path("amount").path("total").asLong());
    amount.put("currency", body.path("amount").path("currency").asString());
    trades.put(body.path("out_trade_no").asString(), trade);
    return signed(200, "{\"code_url\":\"weixin://wxpay/bizpayurl?pr=" + StripeStandIn.random(6) + "\"}");
  }

  private ResponseDefinitionBuilder refund(JsonNode body) {
    if (failRefunds) {
      return signed(500, "{\"code\":\"SYSTEM_ERROR\",\"message\":\"系统错误\"}");
    }
    String outTradeNo = body.path("out_trade_no").asString();
    String outRefundNo = body.path("out_refund_no").asString();
    long asked = body.path("amount").path("refund").asLong();
    synchronized (this) {
      ObjectNode trade = trades.get(outTradeNo);
      if (trade == null) {
        return signed(404, "{\"code\":\"RESOURCE_NOT_EXISTS\",\"message\":\"订单不存在\"}");
      }
      Map<String, Long> made = refunds.computeIfAbsent(outTradeNo, t -> new LinkedHashMap<>());
      if (!made.containsKey(outRefundNo)) {
        String state = trade.path("trade_state").asString();
        long total = trade.path("amount").path("total").asLong();
        if (!"SUCCESS".equals(state) && !"REFUND".equals(state)) {
          return signed(400, "{\"code\":\"INVALID_REQUEST\",\"message\":\"订单状态不正确\"}");
        }
        if (body.path("amount").path("total").asLong() != total) {
          return signed(400, "{\"code\":\"INVALID_REQUEST\",\"message\":\"订单金额与原订单金额不一致\"}");
        }
        if (made.values().stream().mapToLong(Long::longValue).sum() + asked > total) {
          return signed(403, "{\"code\":\"NOT_ENOUGH\",\"message\":\"可退金额不足\"}");
        }
        made.put(outRefundNo, asked);
        trade.put("trade_state", "REFUND");
      }
      ObjectNode refund = JSON.createObjectNode();
      refund.put("refund_id", "50" + outRefundNo.substring(0, 16));
      refund.put("out_refund_no", outRefundNo);
      refund.put("out_trade_no", outTradeNo);
      refund.put("transaction_id", trade.path("transaction_id").asString());
      refund.put("channel", "ORIGINAL");
      refund.put("status", "SUCCESS");
      refund.put("create_time", TIME.format(ZonedDateTime.now(BEIJING)));
      ObjectNode amount = refund.putObject("amount");
      amount.put("total", trade.path("amount").path("total").asLong());
      amount.put("refund", made.get(outRefundNo));
      amount.put("payer_total", trade.path("amount").path("total").asLong());
      amount.put("payer_refund", made.get(outRefundNo));
      amount.put("settlement_refund", made.get(outRefundNo));
      amount.put("settlement_total", trade.path("amount").path("total").asLong());
      amount.put("discount_refund", 0);
      amount.put("currency", "CNY");
      return signed(200, refund.toString());
    }
  }

  /** An answer signed with the WeChat Pay key, as the SDK verifies it. */
  private ResponseDefinitionBuilder signed(int status, String body) {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    String nonce = StripeStandIn.random(16);
    ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Request-ID", StripeStandIn.random(8))
        .withHeader("Wechatpay-Nonce", nonce).withHeader("Wechatpay-Timestamp", timestamp)
        .withHeader("Wechatpay-Serial", publicKeyId)
        .withHeader("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048")
        .withHeader("Wechatpay-Signature", AlipayStandIn.sign(timestamp + "\n" + nonce + "\n" + body + "\n",
            forgeAnswers ? AlipayStandIn.rsa().getPrivate() : platform.getPrivate()));
    if (!body.isEmpty()) {
      answer.withHeader("Content-Type", "application/json").withBody(body);
    }
    return answer;
  }

  @Override
  public synchronized void buyerPays(String reference) {
    ObjectNode trade = trades.get(reference);
    trade.put("trade_state", "SUCCESS");
    trade.put("trade_state_desc", "支付成功");
    trade.put("transaction_id", "4200" + StripeStandIn.random(12).replaceAll("[a-f]", "1"));
    trade.put("success_time", TIME.format(ZonedDateTime.now(BEIJING)));
    ((ObjectNode) trade.get("amount")).put("payer_total", trade.path("amount").path("total").asLong());
    ((ObjectNode) trade.get("amount")).put("payer_currency", "CNY");
  }

  @Override
  public Notification paid(String reference) {
    return notification(reference, "SUCCESS", Instant.now(), platform.getPrivate());
  }

  @Override
  public Notification stalePaid(String reference) {
    return notification(reference, "SUCCESS", Instant.now().minusSeconds(301), platform.getPrivate());
  }

  @Override
  public Notification forgedPaid(String reference) {
    return notification(reference, "SUCCESS", Instant.now(), AlipayStandIn.rsa().getPrivate());
  }

  @Override
  public Notification closed(String reference) {
    return notification(reference, "CLOSED", Instant.now(), platform.getPrivate());
  }

  @Override
  public Notification tampered(Notification signed) {
    return signed.withBody(signed.body().replace("\"summary\":\"支付成功\"", "\"summary\":\"支付成功!\""));
  }

  @Override
  public String expectedAnswer() {
    return "{\"code\":\"SUCCESS\"}";
  }

  @Override
  public synchronized Notification refundFailedLater(String reference) {
    ObjectNode trade = trades.get(reference);
    Map<String, Long> made = refunds.get(reference);
    String outRefundNo = new ArrayList<>(made.keySet()).get(made.size() - 1);
    ObjectNode refund = JSON.createObjectNode();
    refund.put("mchid", merchantId);
    refund.put("out_trade_no", reference);
    refund.put("transaction_id", trade.path("transaction_id").asString());
    refund.put("out_refund_no", outRefundNo);
    refund.put("refund_id", "50" + outRefundNo.substring(0, 16));
    refund.put("refund_status", "ABNORMAL");
    refund.put("user_received_account", "招商银行信用卡0403");
    ObjectNode amount = refund.putObject("amount");
    amount.put("total", trade.path("amount").path("total").asLong());
    amount.put("refund", made.get(outRefundNo));
    amount.put("payer_total", trade.path("amount").path("total").asLong());
    amount.put("payer_refund", made.get(outRefundNo));
    return signedEvent("REFUND.ABNORMAL", "退款异常", "refund", refund.toString(), Instant.now(), platform.getPrivate());
  }

  private Notification notification(String reference, String state, Instant at, PrivateKey key) {
    ObjectNode transaction = trades.get(reference).deepCopy();
    transaction.put("trade_state", state);
    if ("SUCCESS".equals(state) && !transaction.has("transaction_id")) {
      transaction.put("transaction_id", "4200000000000000");
    }
    boolean success = "SUCCESS".equals(state);
    return signedEvent(success ? "TRANSACTION.SUCCESS" : "TRANSACTION.CLOSED", success ? "支付成功" : "订单已关闭",
        "transaction", transaction.toString(), at, key);
  }

  /** A notification: the resource encrypted with the API v3 key, the whole signed with {@code key}. */
  private Notification signedEvent(String eventType, String summary, String resourceType, String plain, Instant at,
      PrivateKey key) {
    String nonce = StripeStandIn.random(6);
    ObjectNode event = JSON.createObjectNode();
    event.put("id", "EV-" + StripeStandIn.random(10));
    event.put("create_time", TIME.format(at.atZone(BEIJING)));
    event.put("resource_type", "encrypt-resource");
    event.put("event_type", eventType);
    event.put("summary", summary);
    ObjectNode resource = event.putObject("resource");
    resource.put("original_type", resourceType);
    resource.put("algorithm", "AEAD_AES_256_GCM");
    resource.put("ciphertext", encrypt(apiV3Key, nonce, resourceType, plain));
    resource.put("associated_data", resourceType);
    resource.put("nonce", nonce);
    String body = event.toString();
    String timestamp = Long.toString(at.getEpochSecond());
    String signatureNonce = StripeStandIn.random(16);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Wechatpay-Serial", publicKeyId);
    headers.put("Wechatpay-Timestamp", timestamp);
    headers.put("Wechatpay-Nonce", signatureNonce);
    headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
    headers.put("Wechatpay-Signature", AlipayStandIn.sign(timestamp + "\n" + signatureNonce + "\n" + body + "\n", key));
    return new Notification(headers, "application/json", body);
  }

  /** AEAD_AES_256_GCM as WeChat Pay uses it: base64 of ciphertext and 16-byte tag. */
  static String encrypt(String key, String nonce, String associatedData, String plain) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "AES"),
          new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Opened opened(String reference) {
    JsonNode sent = requests().stream().filter(r -> r.getUrl().equals("/v3/pay/transactions/native"))
        .map(r -> JSON.readTree(r.getBodyAsString()))
        .filter(b -> reference.equals(b.path("out_trade_no").asString())).findFirst().orElseThrow();
    return new Opened(sent.path("amount").path("total").asString(),
        ZonedDateTime.parse(sent.path("time_expire").asString(), TIME).toInstant());
  }

  @Override
  public String inProviderUnit(Money money) {
    return Long.toString(WechatPayAmounts.toFen(money));
  }

  @Override
  public boolean closeRequested(String reference) {
    return requests().stream().anyMatch(r -> RequestMethod.POST.equals(r.getMethod())
        && r.getUrl().equals("/v3/pay/transactions/out-trade-no/" + reference + "/close"));
  }

  @Override
  public synchronized List<String> refundsExecuted(String reference) {
    return new ArrayList<>(refunds.getOrDefault(reference, Map.of()).values()).stream().map(String::valueOf).toList();
  }

  @Override
  public List<String> refundKeysSent(String reference) {
    return requests().stream().filter(r -> r.getUrl().equals("/v3/refund/domestic/refunds"))
        .map(r -> JSON.readTree(r.getBodyAsString()))
        .filter(b -> reference.equals(b.path("out_trade_no").asString()))
        .map(b -> b.path("out_refund_no").asString()).toList();
  }

  @Override
  public String refundKeyOnTheWire(String key) {
    return CompactIds.compact(key);
  }
}

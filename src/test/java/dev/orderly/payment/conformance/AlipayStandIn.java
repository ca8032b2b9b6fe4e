package dev.orderly.payment.conformance;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.orderly.common.Money;
import dev.orderly.payment.provider.alipay.AlipayAmounts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alipay's Open Platform gateway as its documentation describes it (https://opendocs.alipay.com):
 * one address taking form posts with {@code method}, {@code app_id}, {@code biz_content}, … signed
 * RSA2 with the app's private key (SHA256withRSA over the sorted {@code key=value} pairs without
 * {@code sign}), answering {@code {"<method>_response": {...}, "sign": "..."}} signed with Alipay's
 * private key over the response object's exact text. It runs {@code alipay.trade.precreate},
 * {@code .query}, {@code .close} and {@code .refund}; a trade exists only once the buyer has scanned
 * its QR code. Notifications are form posts signed over their sorted fields without {@code sign}
 * and {@code sign_type}. Both key pairs are generated here.
 */
public final class AlipayStandIn extends StandIn {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  final String appId = "2021" + StripeStandIn.random(6).replaceAll("[a-f]", "7").substring(0, 12);
  private final KeyPair app = rsa();
  private final KeyPair alipay = rsa();

  /** A trade: not scanned yet (null status), or WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_CLOSED. */
  private static final class Trade {
    final String outTradeNo;
    final String totalAmount;
    final String subject;
    String status;
    String tradeNo;
    final Map<String, String> refunds = new LinkedHashMap<>();

    Trade(String outTradeNo, String totalAmount, String subject) {
      this.outTradeNo = outTradeNo;
      this.totalAmount = totalAmount;
      this.subject = subject;
    }
  }

  private final Map<String, Trade> trades = new ConcurrentHashMap<>();

  @Override
  public String provider() {
    return "alipay";
  }

  @Override
  public Map<String, String> settings() {
    return Map.of("app-id", appId,
        "private-key", Base64.getEncoder().encodeToString(app.getPrivate().getEncoded()),
        "alipay-public-key", Base64.getEncoder().encodeToString(alipay.getPublic().getEncoded()),
        "gateway-url", baseUrl() + "/gateway.do", "read-timeout", "PT1S");
  }

  /** The request's parameters: the SDK puts the protocol's in the query string and biz_content in the body. */
  static Map<String, String> parameters(Request request) {
    Map<String, String> all = new LinkedHashMap<>();
    String url = request.getUrl();
    if (url.contains("?")) {
      all.putAll(form(url.substring(url.indexOf('?') + 1)));
    }
    all.putAll(form(request.getBodyAsString()));
    return all;
  }

  @Override
  protected ResponseDefinitionBuilder answer(Request request) {
    Map<String, String> p = parameters(request);
    String method = p.getOrDefault("method", "");
    String root = method.replace('.', '_') + "_response";
    if (!appId.equals(p.get("app_id")) || !"RSA2".equals(p.get("sign_type"))
        || !verify(content(p, false), p.get("sign"), app.getPublic())) {
      return signed(root, error("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错"));
    }
    JsonNode biz = JSON.readTree(p.getOrDefault("biz_content", "{}"));
    String outTradeNo = biz.path("out_trade_no").asString();
    ObjectNode answer;
    synchronized (this) {
      answer = switch (method) {
        case "alipay.trade.precreate" -> precreate(biz);
        case "alipay.trade.query" -> query(trades.get(outTradeNo));
        case "alipay.trade.close" -> failCloses
            ? error("20000", "Service Currently Unavailable", "isp.unknow-error", "系统繁忙")
            : close(trades.get(outTradeNo));
        case "alipay.trade.refund" -> failRefunds
            ? error("20000", "Service Currently Unavailable", "isp.unknow-error", "系统繁忙")
            : refund(trades.get(outTradeNo), biz);
        default -> error("40004", "Business Failed", "isv.invalid-method", "不存在的方法名");
      };
    }
    return signed(root, answer);
  }

  private ObjectNode precreate(JsonNode biz) {
    Trade trade = new Trade(biz.path("out_trade_no").asString(), biz.path("total_amount").asString(),
        biz.path("subject").asString());
    trades.put(trade.outTradeNo, trade);
    ObjectNode ok = success();
    ok.put("out_trade_no", trade.outTradeNo);
    ok.put("qr_code", "https://qr.alipay.com/bax" + StripeStandIn.random(10));
    return ok;
  }

  private ObjectNode query(Trade trade) {
    if (trade == null || trade.status == null) {
      return error("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在");
    }
    ObjectNode ok = success();
    ok.put("trade_no", trade.tradeNo);
    ok.put("out_trade_no", trade.outTradeNo);
    ok.put("trade_status", trade.status);
    ok.put("total_amount", trade.totalAmount);
    return ok;
  }

  private ObjectNode close(Trade trade) {
    if (trade == null || trade.status == null) {
      return error("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在");
    }
    if (!"WAIT_BUYER_PAY".equals(trade.status)) {
      return error("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
    }
    trade.status = "TRADE_CLOSED";
    ObjectNode ok = success();
    ok.put("trade_no", trade.tradeNo);
    ok.put("out_trade_no", trade.outTradeNo);
    return ok;
  }

  private ObjectNode refund(Trade trade, JsonNode biz) {
    if (trade == null || trade.status == null) {
      return error("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在");
    }
    String requestNo = biz.path("out_request_no").asString();
    java.math.BigDecimal asked = new java.math.BigDecimal(biz.path("refund_amount").asString());
    boolean fresh = !trade.refunds.containsKey(requestNo);
    if (fresh) {
      if (!"TRADE_SUCCESS".equals(trade.status) && !"TRADE_FINISHED".equals(trade.status)) {
        return error("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
      }
      if (refunded(trade).add(asked).compareTo(new java.math.BigDecimal(trade.totalAmount)) > 0) {
        return error("40004", "Business Failed", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
      }
      trade.refunds.put(requestNo, asked.setScale(2).toPlainString());
    }
    ObjectNode ok = success();
    ok.put("trade_no", trade.tradeNo);
    ok.put("out_trade_no", trade.outTradeNo);
    ok.put("fund_change", fresh ? "Y" : "N");
    ok.put("refund_fee", refunded(trade).setScale(2).toPlainString());
    return ok;
  }

  private static java.math.BigDecimal refunded(Trade trade) {
    return trade.refunds.values().stream().map(java.math.BigDecimal::new)
        .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
  }

  private static ObjectNode success() {
    ObjectNode ok = JSON.createObjectNode();
    ok.put("code", "10000");
    ok.put("msg", "Success");
    return ok;
  }

  private static ObjectNode error(String code, String msg, String subCode, String subMsg) {
    ObjectNode e = JSON.createObjectNode();
    e.put("code", code);
    e.put("msg", msg);
    e.put("sub_code", subCode);
    e.put("sub_msg", subMsg);
    return e;
  }

  /** {"<root>":<answer>,"sign":"<RSA2 of the answer's exact text>"}. */
  private ResponseDefinitionBuilder signed(String root, ObjectNode answer) {
    String content = answer.toString();
    String body = "{\"" + root + "\":" + content + ",\"sign\":\""
        + sign(content, forgeAnswers ? rsa().getPrivate() : alipay.getPrivate()) + "\"}";
    return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
        .withHeader("Content-Type", "text/html;charset=utf-8").withBody(body);
  }

  @Override
  public synchronized void buyerPays(String reference) {
    Trade trade = trades.get(reference);
    trade.tradeNo = "2026" + StripeStandIn.random(12).replaceAll("[a-f]", "3");
    trade.status = "TRADE_SUCCESS";
  }

  @Override
  public Notification paid(String reference) {
    return notification(reference, "TRADE_SUCCESS", Instant.now(), alipay.getPrivate());
  }

  @Override
  public Notification stalePaid(String reference) {
    return notification(reference, "TRADE_SUCCESS", Instant.now().minusSeconds(27 * 3600), alipay.getPrivate());
  }

  @Override
  public Notification forgedPaid(String reference) {
    return notification(reference, "TRADE_SUCCESS", Instant.now(), rsa().getPrivate());
  }

  @Override
  public Notification closed(String reference) {
    return notification(reference, "TRADE_CLOSED", Instant.now(), alipay.getPrivate());
  }

  @Override
  public Notification tampered(Notification signed) {
    return signed.withBody(signed.body().replaceFirst("total_amount=[0-9.]+", "total_amount=0.01"));
  }

  @Override
  public String expectedAnswer() {
    return "success";
  }

  private Notification notification(String reference, String status, Instant at, PrivateKey key) {
    Trade trade = trades.get(reference);
    Map<String, String> fields = new TreeMap<>();
    fields.put("notify_time", TIME.format(at.atZone(BEIJING)));
    fields.put("notify_type", "trade_status_sync");
    fields.put("notify_id", StripeStandIn.random(16));
    fields.put("app_id", appId);
    fields.put("auth_app_id", appId);
    fields.put("charset", "utf-8");
    fields.put("version", "1.0");
    fields.put("sign_type", "RSA2");
    fields.put("trade_no", trade.tradeNo == null ? "2026000000000000" : trade.tradeNo);
    fields.put("out_trade_no", reference);
    fields.put("trade_status", status);
    fields.put("total_amount", trade.totalAmount);
    fields.put("receipt_amount", trade.totalAmount);
    fields.put("buyer_pay_amount", trade.totalAmount);
    fields.put("subject", trade.subject);
    fields.put("gmt_create", TIME.format(at.minusSeconds(30).atZone(BEIJING)));
    fields.put("gmt_payment", TIME.format(at.atZone(BEIJING)));
    fields.put("sign", sign(content(fields, true), key));
    String body = fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(),
            StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return new Notification(Map.of(), "application/x-www-form-urlencoded; charset=utf-8", body);
  }

  /** The signed text: sorted non-empty {@code key=value} pairs joined by &, without sign (and sign_type for notifications). */
  static String content(Map<String, String> fields, boolean withoutSignType) {
    return new TreeMap<>(fields).entrySet().stream()
        .filter(e -> !"sign".equals(e.getKey()) && !(withoutSignType && "sign_type".equals(e.getKey())))
        .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
  }

  @Override
  public Opened opened(String reference) {
    JsonNode biz = bizOf("alipay.trade.precreate", reference).get(0);
    return new Opened(biz.path("total_amount").asString(),
        LocalDateTime.parse(biz.path("time_expire").asString(), TIME).atZone(BEIJING).toInstant());
  }

  private List<JsonNode> bizOf(String method, String reference) {
    List<JsonNode> found = new ArrayList<>();
    for (LoggedRequest r : requests()) {
      Map<String, String> p = parameters(r);
      if (method.equals(p.get("method"))) {
        JsonNode biz = JSON.readTree(p.getOrDefault("biz_content", "{}"));
        if (reference.equals(biz.path("out_trade_no").asString())) {
          found.add(biz);
        }
      }
    }
    return found;
  }

  @Override
  public String inProviderUnit(Money money) {
    return AlipayAmounts.toAlipay(money);
  }

  @Override
  public boolean closeRequested(String reference) {
    return !bizOf("alipay.trade.close", reference).isEmpty();
  }

  @Override
  public synchronized List<String> refundsExecuted(String reference) {
    return List.copyOf(trades.get(reference).refunds.values());
  }

  @Override
  public List<String> refundKeysSent(String reference) {
    return bizOf("alipay.trade.refund", reference).stream().map(b -> b.path("out_request_no").asString()).toList();
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(String content, PrivateKey key) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(content.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean verify(String content, String signature, PublicKey key) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      s.update(content.getBytes(StandardCharsets.UTF_8));
      return signature != null && s.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}

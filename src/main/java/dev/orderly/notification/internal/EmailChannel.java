package dev.orderly.notification.internal;

import jakarta.mail.internet.MimeMessage;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Email over SMTP through Spring's mail support when {@code spring.mail.host} is set; otherwise
 * (demo mode) the email is written to the log, and the inbox has the notification anyway.
 */
@Component
class EmailChannel {
  private static final Logger log = LoggerFactory.getLogger(EmailChannel.class);

  private final ObjectProvider<JavaMailSender> mail;
  private final String from;

  EmailChannel(ObjectProvider<JavaMailSender> mail, @Value("${orderly.notifications.email-from:Orderly <no-reply@orderly.local>}") String from) {
    this.mail = mail;
    this.from = from;
  }

  /** Sends one email; throws when the server refuses or cannot be reached (the relay retries). */
  void send(UUID notificationId, String to, NotificationTexts.Rendered text) {
    JavaMailSender sender = mail.getIfAvailable();
    if (sender == null) {
      log.info("email (no SMTP server configured) to {}: [{}] {} — {}", to, notificationId, text.title(), text.body());
      return;
    }
    try {
      MimeMessage message = sender.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
      helper.setFrom(from);
      helper.setTo(to);
      helper.setSubject(text.title());
      helper.setText(text.body() + "\n\n--\nOrderly · " + notificationId);
      // a stable id per notification: a retried email carries the same one, so it can be deduplicated
      message.setHeader("X-Orderly-Notification-Id", notificationId.toString());
      sender.send(message);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException("cannot build email: " + e.getMessage(), e);
    }
  }
}

package dev.orderly.web;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a first visit to {@code /} finds, until the web console takes this address: what Orderly
 * is, where its API documentation, OpenAPI document, health and metrics are, and what other
 * modules add ({@link StartPageSection}: the demo principals and their tokens in demo mode). Never the
 * admin token, which is only printed to the log.
 */
@RestController
@Hidden
class StartPage {

  private final ObjectProvider<StartPageSection> sections;

  StartPage(ObjectProvider<StartPageSection> sections) {
    this.sections = sections;
  }

  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  String start() {
    StringBuilder html = new StringBuilder("""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Orderly</title>
        <style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
        code{background:#f3f3f3;padding:0 .2rem}table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left}</style>
        </head><body>
        <main>
        <h1>Orderly</h1>
        <p>The order-lifecycle service: from placement to completion or cancellation, with payments,
        cancellations, refunds, notifications and webhooks. This address will be the web console; until
        then, everything is reached through the API.</p>
        <h2>Start here</h2>
        <ul>
        <li><a href="/swagger-ui.html">API documentation</a> (try every call; <em>Authorize</em> with a bearer token)</li>
        <li><a href="/v3/api-docs">OpenAPI document</a></li>
        <li><a href="/errors/VALIDATION_FAILED">Error codes</a>: every problem's <code>type</code> points to its code's meaning</li>
        <li><a href="/actuator/health">Health</a> and <a href="/actuator/prometheus">metrics</a></li>
        </ul>
        """);
    List<StartPageSection> extra = sections.orderedStream().toList();
    for (StartPageSection s : extra) {
      html.append("<h2>").append(s.title()).append("</h2>\n").append(s.html()).append('\n');
    }
    html.append("""
        <h2 id="licence">Licence</h2>
        <p>Orderly is proprietary software; no licence to use, copy or distribute it is granted by this page
        or by the API documentation.</p>
        </main></body></html>
        """);
    return html.toString();
  }
}

package dev.orderly.sandbox.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.common.ConditionalOnSandbox;
import dev.orderly.sandbox.SandboxConditions;
import dev.orderly.sandbox.SandboxConditions.Method;
import dev.orderly.sandbox.SandboxConditions.MethodState;
import dev.orderly.sandbox.SandboxConditions.Mode;
import dev.orderly.sandbox.SandboxConditions.Settings;
import dev.orderly.sandbox.SandboxError;
import java.time.Duration;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider's test console: default callback behaviour for the buyer's actions, outages per
 * payment method, and a reset. The method list is public, like a provider's status page.
 */
@Tag(name = "Sandbox provider", description = "The built-in payment provider for demo and tests (docs/sandbox.md): merchant calls with X-Sandbox-Key, and in demo mode the buyer's pay page and actions.")
@RestController
@ConditionalOnSandbox
@RequestMapping("/sandbox/v1")
class SandboxConsole {

  private final SandboxConditions conditions;
  private final MerchantKey merchant;

  SandboxConsole(SandboxConditions conditions, MerchantKey merchant) {
    this.conditions = conditions;
    this.merchant = merchant;
  }

  record SettingsView(String callbackDelay, int duplicateCallbacks, boolean reorderCallbacks, boolean dropCallbacks) {
    static SettingsView of(Settings s) {
      return new SettingsView(s.callbackDelay().toString(), s.duplicateCallbacks(), s.reorderCallbacks(),
          s.dropCallbacks());
    }
  }

  /** Members left out stay as they are. */
  record SettingsChange(String callbackDelay, Integer duplicateCallbacks, Boolean reorderCallbacks,
      Boolean dropCallbacks) {}

  record MethodView(String method, String mode, String latency) {
    static MethodView of(MethodState s) {
      return new MethodView(s.method().name(), s.mode().name(), s.latency().toString());
    }
  }

  /** Members left out stay as they are. */
  record MethodChange(String mode, String latency) {}

  @Operation(operationId = "sandboxGetSettings", summary = "Read the callback settings",
      description = "How the provider calls back by default: delay, duplicates, reordering, loss.")
  @GetMapping("/settings")
  SettingsView settings(@RequestHeader(value = MerchantKey.HEADER, required = false) String key) {
    merchant.check(key);
    return SettingsView.of(conditions.settings());
  }

  @Operation(operationId = "sandboxChangeSettings", summary = "Change the callback settings",
      description = "Members left out stay as they are.")
  @PutMapping("/settings")
  SettingsView changeSettings(@RequestHeader(value = MerchantKey.HEADER, required = false) String key,
      @RequestBody SettingsChange change) {
    merchant.check(key);
    Duration delay = SandboxConditions.duration(change.callbackDelay(), SandboxConditions.MAX_CALLBACK_DELAY);
    Integer duplicates = SandboxConditions.duplicates(change.duplicateCallbacks());
    return SettingsView.of(
        conditions.changeSettings(delay, duplicates, change.reorderCallbacks(), change.dropCallbacks()));
  }

  @Operation(operationId = "sandboxListMethods", summary = "List the methods' modes",
      description = "Each method's mode (NORMAL, DOWN, SLOW, FAILING) and latency; public like a status page.")
  @GetMapping("/methods")
  List<MethodView> methods() {
    return conditions.methods().stream().map(MethodView::of).toList();
  }

  @Operation(operationId = "sandboxChangeMethod", summary = "Change a method's mode",
      description = "Puts a method into an outage mode or back to normal.")
  @PutMapping("/methods/{method}")
  MethodView changeMethod(@RequestHeader(value = MerchantKey.HEADER, required = false) String key,
      @PathVariable String method, @RequestBody MethodChange change) {
    merchant.check(key);
    Method m = SandboxConditions.method(method).orElseThrow(SandboxError::invalidRequest);
    Mode mode = change.mode() == null ? null
        : SandboxConditions.mode(change.mode()).orElseThrow(SandboxError::invalidRequest);
    Duration latency = SandboxConditions.duration(change.latency(), SandboxConditions.MAX_LATENCY);
    return MethodView.of(conditions.changeMethod(m, mode, latency));
  }

  record State(SettingsView settings, List<MethodView> methods) {}

  /** Every method NORMAL, settings back to their defaults. Callbacks already on their way still arrive. */
  @Operation(operationId = "sandboxReset", summary = "Reset the provider's conditions",
      description = "Every method NORMAL, settings back to their defaults.")
  @PostMapping("/reset")
  State reset(@RequestHeader(value = MerchantKey.HEADER, required = false) String key) {
    merchant.check(key);
    conditions.reset();
    return new State(SettingsView.of(conditions.settings()), methods());
  }
}

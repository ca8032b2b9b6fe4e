package dev.orderly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTest {

  // reading the classes takes a while: once for both tests
  static final ApplicationModules MODULES = ApplicationModules.of(OrderlyApplication.class);

  @Test
  void featureModulesOnlyUseEachOthersPublicApiAndHaveNoCycles() {
    MODULES.verify();
  }

  /**
   * The module documentation, written to {@code target/spring-modulith-docs}: a component diagram
   * of all modules ({@code components.puml}), one per module with the modules it uses
   * ({@code module-<name>.puml}), each module's canvas ({@code module-<name>.adoc}: its Spring
   * components and the other modules' beans it refers to) and {@code all-docs.adoc} with all of them.
   */
  @Test
  void writesTheModuleDocumentation() throws IOException {
    Path docs = Path.of("target", "spring-modulith-docs");

    new Documenter(MODULES).writeDocumentation();

    assertThat(Files.readString(docs.resolve("components.puml"))).contains("\"Order\"", "\"Cancellation\"");
    assertThat(Files.readString(docs.resolve("module-order.puml"))).contains("\"Inventory\"", "\"Policy\"")
        .doesNotContain("\"Cancellation\"");
    assertThat(Files.readString(docs.resolve("module-order.adoc")))
        .contains("OrderPlacement", "OrderFulfilment", "InventoryService");
    assertThat(Files.readString(docs.resolve("module-cancellation.adoc")))
        .contains("CancellationRequests", "SellerAndSupportCancellations", "OrderService");
    assertThat(docs.resolve("all-docs.adoc")).exists();
  }
}

package dev.orderly.access.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Principal;
import dev.orderly.access.PrincipalService;
import dev.orderly.access.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Principals", description = "The admin creates principals (buyers, sellers, support agents) and gets their tokens.")
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

  private final PrincipalService principals;

  AdminController(PrincipalService principals) {
    this.principals = principals;
  }

  record CreatePrincipal(@NotBlank @Size(max = 100) String name, @NotNull Role role, @Size(max = 16) String locale,
      @Email @Size(max = 254) String email) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CreatedPrincipal(UUID id, String name, Role role, String locale, String email, String token) {}

  @Operation(operationId = "createPrincipal", summary = "Create a principal",
      description = "Creates a buyer, a seller (a shop) or a support agent and answers with its bearer token, shown once. "
          + "Admin only.")
  @PostMapping("/principals")
  @ResponseStatus(HttpStatus.CREATED)
  CreatedPrincipal create(@Allowed(Role.ADMIN) Actor admin, @Valid @RequestBody CreatePrincipal body) {
    String email = body.email() == null || body.email().isBlank() ? null : body.email().strip();
    PrincipalService.Created created = principals.create(body.name().strip(), body.role(), body.locale(), email);
    Principal p = created.principal();
    return new CreatedPrincipal(p.id(), p.name(), p.role(), p.locale(), email, created.token());
  }
}

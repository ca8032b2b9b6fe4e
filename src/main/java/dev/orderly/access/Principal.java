package dev.orderly.access;

import java.time.Instant;
import java.util.UUID;

public record Principal(UUID id, String name, Role role, String locale, Instant createdAt) {}

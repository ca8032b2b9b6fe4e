package dev.orderly.access;

public enum Role {
  BUYER, SELLER, SUPPORT, ADMIN
}

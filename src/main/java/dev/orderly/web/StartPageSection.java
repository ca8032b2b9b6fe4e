package dev.orderly.web;

/** A part of the start page ({@code /}) another module contributes. */
public interface StartPageSection {

  /** The heading, plain text. */
  String title();

  /** The content, HTML with every value already escaped. */
  String html();
}

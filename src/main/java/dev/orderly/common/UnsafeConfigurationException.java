package dev.orderly.common;

/**
 * Start-up refused because of a setting: names the setting, what is wrong with it and what to do.
 * Spring Boot prints it as an "APPLICATION FAILED TO START" report ({@link UnsafeConfigurationAnalyzer}).
 */
public class UnsafeConfigurationException extends RuntimeException {

  private final String setting;
  private final String action;

  public UnsafeConfigurationException(String setting, String problem, String action) {
    super(setting + " " + problem);
    this.setting = setting;
    this.action = action;
  }

  public String setting() {
    return setting;
  }

  public String action() {
    return action;
  }
}

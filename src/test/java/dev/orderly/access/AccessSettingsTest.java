package dev.orderly.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.UnsafeConfigurationException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** The access settings and the small rules of reading a caller's token, without a server. */
class AccessSettingsTest {

  @Test
  void theModeIsTokensOrOidcAndAnythingElseRefusesToStartNamingTheSetting() {
    assertThat(AccessMode.of(new MockEnvironment())).isEqualTo(AccessMode.TOKENS);
    assertThat(AccessMode.of(new MockEnvironment().withProperty("orderly.access.mode", " OIDC "))).isEqualTo(AccessMode.OIDC);
    assertThatThrownBy(() -> AccessMode.of(new MockEnvironment().withProperty("orderly.access.mode", "jwt")))
        .isInstanceOf(UnsafeConfigurationException.class).hasMessage("orderly.access.mode is 'jwt'");
  }

  @Test
  void oidcWithoutTheProvidersIssuerRefusesToStart() {
    MockEnvironment oidc = new MockEnvironment().withProperty("orderly.access.mode", "oidc");
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    assertThatThrownBy(() -> AccessSecurityConfig.authentication(null, oidc, beans.getBeanProvider(JwtDecoder.class)))
        .isInstanceOf(UnsafeConfigurationException.class)
        .hasMessage("spring.security.oauth2.resourceserver.jwt.issuer-uri must be set when orderly.access.mode=oidc");
    // keys alone (a decoder from jwk-set-uri) are not enough: the issuer is checked on every token
    beans.addBean("jwtDecoder", (JwtDecoder) token -> {
      throw new UnsupportedOperationException();
    });
    assertThatThrownBy(() -> AccessSecurityConfig.authentication(null, oidc, beans.getBeanProvider(JwtDecoder.class)))
        .isInstanceOf(UnsafeConfigurationException.class);
    assertThat(AccessSecurityConfig.authentication(null,
        oidc.withProperty(OidcAccess.ISSUER_URI, "https://id.shop.test"), beans.getBeanProvider(JwtDecoder.class)))
        .isNotNull();
  }

  @Test
  void theBearerTokenIsReadAsBeforeAnyCaseOfTheSchemeTrimmed() {
    assertThat(AccessSecurityConfig.bearerToken(withAuthorization("Bearer ord_abc"))).isEqualTo("ord_abc");
    assertThat(AccessSecurityConfig.bearerToken(withAuthorization("bearer   ord_abc  "))).isEqualTo("ord_abc");
    assertThat(AccessSecurityConfig.bearerToken(withAuthorization("Bearer a!b#c$"))).isEqualTo("a!b#c$");
    assertThat(AccessSecurityConfig.bearerToken(withAuthorization("Bearer "))).isNull();
    assertThat(AccessSecurityConfig.bearerToken(withAuthorization("Basic Zm9vOmJhcg=="))).isNull();
    assertThat(AccessSecurityConfig.bearerToken(new MockHttpServletRequest())).isNull();
  }

  @Test
  void onlyJwtShapedTokensAreLeftToTheJwtProvider() {
    assertThat(OpaqueTokens.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).isTrue();
    assertThat(OpaqueTokens.looksLikeJwt("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")).isTrue();
    assertThat(OpaqueTokens.looksLikeJwt("ord_Zx3kJ9-aQ_b")).isFalse();
    assertThat(OpaqueTokens.looksLikeJwt("demo-buyer-alice")).isFalse();
    assertThat(OpaqueTokens.looksLikeJwt("a.b")).isFalse();
  }

  @Test
  void aProvidersPrincipalIsItsUuidOrTheSameNameBasedUuidEveryTime() {
    UUID id = UUID.randomUUID();
    assertThat(JwtActors.id("https://id.shop.test", id.toString())).isEqualTo(id);
    UUID named = JwtActors.id("https://id.shop.test", "user|42");
    assertThat(JwtActors.id("https://id.shop.test", "user|42")).isEqualTo(named);
    assertThat(JwtActors.id("https://id.elsewhere.test", "user|42")).isNotEqualTo(named);
    assertThat(JwtActors.id("https://id.shop.test", "user|43")).isNotEqualTo(named);
  }

  @Test
  void theTokensLocaleIsOneOfOrderlysLanguagesByLanguage() {
    assertThat(JwtActors.locale("zh-CN")).isEqualTo("zh-CN");
    assertThat(JwtActors.locale("zh-Hans-CN")).isEqualTo("zh-CN");
    assertThat(JwtActors.locale("id_ID")).isEqualTo("id");
    assertThat(JwtActors.locale("en-GB")).isEqualTo("en");
    assertThat(JwtActors.locale("fr")).isEqualTo("en");
    assertThat(JwtActors.locale(null)).isEqualTo("en");
  }

  private static MockHttpServletRequest withAuthorization(String value) {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.addHeader("Authorization", value);
    return request;
  }
}

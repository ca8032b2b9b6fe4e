package dev.orderly.web;

import dev.orderly.common.Text;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Size;
import java.util.Collection;
import java.util.Map;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.cfg.ConstraintMapping;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * {@code @Size} counts characters (code points), as the OpenAPI document's {@code maxLength} does
 * (JSON Schema counts characters): Bean Validation's own validator counts UTF-16 {@code char}s, so
 * a note of 600 emoji would be refused as 1,200 long although the document allows 1,000. The
 * validators for collections, maps and arrays are the usual ones.
 */
@Component
class TextSizeValidation implements ValidationConfigurationCustomizer {

  @Override
  public void customize(jakarta.validation.Configuration<?> configuration) {
    if (configuration instanceof HibernateValidatorConfiguration hibernate) {
      ConstraintMapping mapping = hibernate.createConstraintMapping();
      mapping.constraintDefinition(Size.class).includeExistingValidators(false)
          .validatedBy(OfText.class).validatedBy(OfCollection.class).validatedBy(OfMap.class)
          .validatedBy(OfArray.class);
      hibernate.addMapping(mapping);
    }
  }

  public static class OfText implements ConstraintValidator<Size, CharSequence> {
    private int min;
    private int max;

    @Override
    public void initialize(Size size) {
      min = size.min();
      max = size.max();
    }

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      int length = Text.length(value);
      return length >= min && length <= max;
    }
  }

  public static class OfCollection implements ConstraintValidator<Size, Collection<?>> {
    private Size size;

    @Override
    public void initialize(Size size) {
      this.size = size;
    }

    @Override
    public boolean isValid(Collection<?> value, ConstraintValidatorContext context) {
      return value == null || (value.size() >= size.min() && value.size() <= size.max());
    }
  }

  public static class OfMap implements ConstraintValidator<Size, Map<?, ?>> {
    private Size size;

    @Override
    public void initialize(Size size) {
      this.size = size;
    }

    @Override
    public boolean isValid(Map<?, ?> value, ConstraintValidatorContext context) {
      return value == null || (value.size() >= size.min() && value.size() <= size.max());
    }
  }

  public static class OfArray implements ConstraintValidator<Size, Object[]> {
    private Size size;

    @Override
    public void initialize(Size size) {
      this.size = size;
    }

    @Override
    public boolean isValid(Object[] value, ConstraintValidatorContext context) {
      return value == null || (value.length >= size.min() && value.length <= size.max());
    }
  }
}

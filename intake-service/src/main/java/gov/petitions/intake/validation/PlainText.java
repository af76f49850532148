package gov.petitions.intake.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text a person could have typed: no control characters (line breaks and tabs only where {@link #multiline}),
 * no unpaired surrogates, and nothing invisible that changes what a screen shows or what compares equal: no
 * bidirectional marks, embeddings, overrides or isolates (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), no
 * zero-width characters (U+200B–U+200D, U+2060–U+2064, U+180E, U+FEFF), no tag characters (U+E0000–U+E007F), no
 * private-use characters (their meaning is whatever a font decides) and no noncharacters. Such text is refused, not
 * cleaned: a zero-width space inside a company's name would otherwise make it another company in the hot-spot counts,
 * and what is stored must be what the person sees. Null is valid.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    String message() default "must not contain control characters";

    boolean multiline() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainText, String> {

        private boolean multiline;

        @Override
        public void initialize(PlainText annotation) {
            this.multiline = annotation.multiline();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            for (int i = 0; i < value.length(); ) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))) {
                    return false;
                }
                if (Character.isLowSurrogate(c)) {
                    return false;
                }
                int cp = value.codePointAt(i);
                i += Character.charCount(cp);
                if (multiline && (cp == '\n' || cp == '\r' || cp == '\t')) {
                    continue;
                }
                if (!allowed(cp)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether one code point may appear in plain text (line breaks and tabs aside). */
        public static boolean allowed(int cp) {
            return !(Character.isISOControl(cp)
                    || cp == 0x061C || cp == 0x180E || cp == 0x200E || cp == 0x200F      // bidi marks, Mongolian separator
                    || (cp >= 0x200B && cp <= 0x200D)                                      // zero-width space, (non-)joiner
                    || (cp >= 0x202A && cp <= 0x202E)                                      // embeddings and overrides
                    || (cp >= 0x2060 && cp <= 0x2064)                                      // word joiner, invisible operators
                    || (cp >= 0x2066 && cp <= 0x2069)                                      // isolates
                    || cp == 0xFEFF                                                        // zero-width no-break space (BOM)
                    || (cp >= 0xE0000 && cp <= 0xE007F)                                    // tag characters
                    || Character.getType(cp) == Character.PRIVATE_USE                      // U+E000–F8FF, planes 15–16
                    || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE);         // noncharacters
        }
    }
}

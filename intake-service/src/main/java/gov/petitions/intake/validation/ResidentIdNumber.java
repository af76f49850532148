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
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * An 18-character resident identity number (公民身份号码, GB 11643-1999): six-digit division code, birth date
 * yyyyMMdd, three-digit sequence, and an ISO 7064 MOD 11-2 check character (0–9 or X). Null is valid.
 */
@Documented
@Constraint(validatedBy = ResidentIdNumber.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ResidentIdNumber {

    String message() default "must be an 18-character resident ID number with a valid birth date and check digit (GB 11643)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ResidentIdNumber, String> {

        private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isValidNumber(value);
        }

        public static boolean isValidNumber(String value) {
            if (value.length() != 18) {
                return false;
            }
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
                sum += (c - '0') * WEIGHTS[i];
            }
            if (Character.toUpperCase(value.charAt(17)) != CHECK[sum % 11]) {
                return false;
            }
            try {
                LocalDate born = LocalDate.of(Integer.parseInt(value.substring(6, 10)),
                        Integer.parseInt(value.substring(10, 12)), Integer.parseInt(value.substring(12, 14)));
                return born.getYear() >= 1900 && !born.isAfter(LocalClockProvider.today());
            } catch (DateTimeException e) {
                return false;
            }
        }

        /** The check character for the first 17 digits; tests build valid numbers with it. */
        public static char checkCharacter(String first17) {
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += (first17.charAt(i) - '0') * WEIGHTS[i];
            }
            return CHECK[sum % 11];
        }
    }
}

package gov.petitions.platform.province;

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
 * A division code, or a unit code (whose division comes before the '-'), that lies in the province the deployment
 * serves ({@link Province#current()}, {@code petitions.province.code}). The province is configuration, so it cannot
 * be part of a {@code @Pattern} (a compile-time constant): the {@code @Pattern} next to this checks the shape of any
 * province's code (the constants here), this checks the province, and the refusal names the province like every other
 * invalid input (a 400 in a request, poison in an event). Null, and a value whose division part is not digits (the
 * pattern refuses it already, once), are valid here.
 */
@Documented
@Constraint(validatedBy = InProvince.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface InProvince {

    /** The province (2 digits), a city (4) or a county (6) of any province: a subtree to narrow a list to. */
    String UP_TO_COUNTY = "^[1-9][0-9]([0-9]{2}){0,2}$";

    /** The province, a city, a county or a township (9 digits) of any province. */
    String ANY_LEVEL = "^[1-9][0-9]([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$";

    /** Where a matter happens: a county (6 digits) or a township (9) of any province. */
    String PLACE = "^[1-9][0-9]{5}([0-9]{3})?$";

    String message() default "must be a division code of the province this deployment serves";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<InProvince, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            String division = value == null ? null : value.split("-", 2)[0];
            if (division == null || division.length() < 2 || !division.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return true;
            }
            // read per call: one JVM may run the application under several configurations (test profiles)
            Province province = Province.current();
            if (province.contains(division)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            // the template is ours and the configuration's, never the caller's value; braces and $ would be read as
            // message parameters or expressions, so they are escaped
            context.buildConstraintViolationWithTemplate("must lie in " + escape(province.name()) + " ("
                    + escape(province.code()) + "), the province this deployment serves").addConstraintViolation();
            return false;
        }

        private static String escape(String text) {
            return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}

package gov.petitions.platform.province;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outside Quarkus the province is the default sources' (Anhui, 34, unless PETITIONS_PROVINCE_CODE says otherwise). */
class InProvinceTest {

    record Place(@Pattern(regexp = InProvince.PLACE) @InProvince String locationCode) {
    }

    record Unit(@InProvince String unitCode) {
    }

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    @Test
    void aCodeOfTheConfiguredProvinceOrNoneIsValid() {
        String code = Province.current().code();
        assertTrue(VALIDATOR.validate(new Place(code + "1302")).isEmpty());
        assertTrue(VALIDATOR.validate(new Place(code + "1302001")).isEmpty());
        assertTrue(VALIDATOR.validate(new Place(null)).isEmpty(), "presence is @NotBlank's to say");
        assertTrue(VALIDATOR.validate(new Unit(code + "1302-RSJ")).isEmpty(), "a unit of the province");
    }

    @Test
    void aMalformedCodeIsThePatternsToRefuseOnce() {
        Set<ConstraintViolation<Place>> violations = VALIDATOR.validate(new Place("34x302"));
        assertEquals(1, violations.size(), violations.toString());
        assertEquals("locationCode", violations.iterator().next().getPropertyPath().toString());
    }

    @Test
    void aCodeOfAnotherProvinceIsRefusedNamingTheDeploymentsProvince() {
        Province province = Province.current();
        String other = province.code().equals("64") ? "341302" : "640104";
        Set<ConstraintViolation<Place>> violations = VALIDATOR.validate(new Place(other));
        assertEquals(1, violations.size(), violations.toString());
        String message = violations.iterator().next().getMessage();
        assertTrue(message.contains(province.name()) && message.contains("(" + province.code() + ")"), message);
        assertEquals(1, VALIDATOR.validate(new Unit(other.substring(0, 4) + "-ZF")).size(), "a unit of another province");
    }
}

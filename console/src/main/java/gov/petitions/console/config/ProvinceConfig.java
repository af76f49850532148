package gov.petitions.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The province the deployment serves, read from the same keys as every service ({@code petitions.province.code} and
 * {@code .name}: PETITIONS_PROVINCE_CODE, PETITIONS_PROVINCE_NAME) with the same defaults. The console does not
 * depend on platform-support (its {@code Province}), which would bring the services' messaging plumbing with it; the
 * pages learn the province from {@code GET /config.json} and the dev sign-in defaults to it.
 */
@ConfigMapping(prefix = "petitions.province")
public interface ProvinceConfig {

    /** Two digits, the first not zero: 34 Anhui, 64 Ningxia. */
    @WithDefault("34")
    @Pattern(regexp = "^[1-9][0-9]$", message = "must be a province's two-digit division code, e.g. 34 or 64")
    String code();

    /** As the NBS file spells it, e.g. 安徽省 or 宁夏回族自治区. */
    @WithDefault("安徽省")
    @NotBlank
    String name();

    /** Whether a division code (or a unit code, whose division comes before the '-') lies in the province. */
    default boolean contains(String divisionOrUnitCode) {
        return divisionOrUnitCode != null && divisionOrUnitCode.length() >= 2 && divisionOrUnitCode.startsWith(code());
    }
}

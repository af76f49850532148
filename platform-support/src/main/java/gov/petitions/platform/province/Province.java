package gov.petitions.platform.province;

import io.smallrye.config.ConfigMapping;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * The province a deployment serves: its statistical division code (统计用区划代码, two digits: 34 Anhui, 64 Ningxia)
 * and its name. Every division, unit and jurisdiction of a deployment lies inside it, and "the whole province" (the
 * province-wide readers' subtree, the provincial supervisors' jurisdiction) is its code. One province per
 * deployment: a second province runs a second deployment with its own data (see docs/routing.md, "Any province").
 */
@ConfigMapping(prefix = "petitions.province")
public interface Province {

    /** The default deployment: Anhui, where the practice this platform follows comes from. */
    String DEFAULT_CODE = "34";
    String DEFAULT_NAME = "安徽省";

    /** Two digits, the first not zero (NBS province codes run from 11 Beijing to 65 Xinjiang). */
    @WithDefault(DEFAULT_CODE)
    @Pattern(regexp = "^[1-9][0-9]$", message = "must be a province's two-digit division code, e.g. 34 or 64")
    String code();

    /** The province's name as the NBS file spells it, e.g. 安徽省 or 宁夏回族自治区. */
    @WithDefault(DEFAULT_NAME)
    @NotBlank
    String name();

    /** Whether a division code (or a unit code, whose division comes before the '-') lies inside this province. */
    default boolean contains(String divisionOrUnitCode) {
        return divisionOrUnitCode != null && divisionOrUnitCode.length() >= 2 && divisionOrUnitCode.startsWith(code());
    }

    /**
     * The province of the running application. Static, because the scope model ({@code CallerScope}) is a value
     * built from a token, not a bean; read per call, not kept in a constant, because one JVM may run the
     * application more than once with different configurations (Quarkus test profiles).
     */
    static Province current() {
        ArcContainer arc = Arc.container();
        if (arc == null || !arc.isRunning()) {
            // no application running (a plain unit test, perhaps after a Quarkus test left its configuration behind
            // in this JVM): the default sources only, never another application's province
            return Standalone.DEFAULTS.get();
        }
        Config config = ConfigProvider.getConfig();
        try {
            return config.unwrap(SmallRyeConfig.class).getConfigMapping(Province.class);
        } catch (NoSuchElementException notRegistered) {
            return Standalone.of(config);
        }
    }

    /**
     * The same keys and defaults read directly, for code that runs outside a Quarkus application (generating the
     * mapping's implementation needs Quarkus's build step there).
     */
    record Standalone(String code, String name) implements Province {
        /** System properties and environment ({@code PETITIONS_PROVINCE_CODE}), else the defaults; read once. */
        static final Supplier<Province> DEFAULTS = new Supplier<>() {
            private volatile Province read;

            @Override
            public Province get() {
                if (read == null) {
                    read = of(new SmallRyeConfigBuilder().addDefaultSources().build());
                }
                return read;
            }
        };

        static Province of(Config config) {
            return new Standalone(config.getOptionalValue("petitions.province.code", String.class).orElse(DEFAULT_CODE),
                    config.getOptionalValue("petitions.province.name", String.class).orElse(DEFAULT_NAME));
        }
    }
}

package gov.petitions.platform.province;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.PropertiesConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvinceTest {

    private static Province configured(Map<String, String> properties) {
        return Province.Standalone.of(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build());
    }

    @Test
    void anhuiUnlessConfigured() {
        Province anhui = configured(Map.of());
        assertEquals("34", anhui.code());
        assertEquals("安徽省", anhui.name());
        assertEquals("34", Province.current().code(), "outside Quarkus the same mapping over the default sources");
    }

    @Test
    void ningxiaContainsItsOwnCodesOnly() {
        Province ningxia = configured(Map.of("petitions.province.code", "64", "petitions.province.name", "宁夏回族自治区"));
        assertEquals("宁夏回族自治区", ningxia.name());
        assertTrue(ningxia.contains("64"));
        assertTrue(ningxia.contains("640104"));
        assertTrue(ningxia.contains("6401-XFJ"));
        assertFalse(ningxia.contains("341302"));
        assertFalse(ningxia.contains("6"));
        assertFalse(ningxia.contains(null));
    }
}

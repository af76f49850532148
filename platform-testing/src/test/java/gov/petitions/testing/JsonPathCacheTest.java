package gov.petitions.testing;

import io.restassured.internal.path.json.JSONAssertion;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * platform-testing's JSONAssertion answers every kind of path as REST Assured's own does, and compiles a path's
 * script once.
 */
class JsonPathCacheTest {

    private static final String DOCUMENT = """
            {"status": "ASSIGNED", "case-id": "A-1", "class": "c",
             "items": [{"unit": "3413-RSJ", "days": 15}, {"unit": "3415-RSJ", "days": 30}],
             "nested": {"deeper": {"value": 7}}, "nothing": null}
            """;

    @Test
    void pathsOfEveryKindAnswerAsRestAssuredDocuments() {
        JsonPath json = new JsonPath(DOCUMENT);
        assertEquals("ASSIGNED", json.getString("status"));
        assertEquals("A-1", json.getString("case-id"), "a hyphen in a key");
        assertEquals("c", json.getString("class"), "the class keyword");
        assertEquals(7, json.getInt("nested.deeper.value"));
        assertEquals(List.of("3413-RSJ", "3415-RSJ"), json.getList("items.unit"));
        assertEquals(30, json.getInt("items[1].days"));
        assertEquals(30, json.getInt("items[-1].days"), "a negative index");
        assertEquals(Map.of("unit", "3413-RSJ", "days", 15), json.getMap("items[0]"));
        assertEquals(List.of("3415-RSJ"), json.getList("items.findAll { it.days > 20 }.unit"), "a closure");
        assertEquals(2, json.getInt("items.size()"));
        assertEquals("3415-RSJ", new JsonPath(DOCUMENT).param("limit", 20).getString("items.find { it.days > limit }.unit"),
                "a parameter");
        assertEquals(15, new JsonPath("[{\"days\": 15}]").getInt("[0].days"), "an index first");
        assertEquals("ASSIGNED", ((Map<?, ?>) json.get("$")).get("status"), "the root");
    }

    @Test
    void missingPartsReadAsNullAndMistakesAreNamed() {
        JsonPath json = new JsonPath(DOCUMENT);
        assertNull(json.get("absent"));
        assertNull(json.get("nothing.deeper"), "a property of null");
        assertNull(json.get("nested.absent.value"));
        IllegalArgumentException undefined = assertThrows(IllegalArgumentException.class,
                () -> json.get("items.find { it.days > limit }"));
        assertTrue(undefined.getMessage().contains("The parameter \"limit\" was used but not defined"), undefined.getMessage());
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> json.get("items.find {"));
        assertTrue(invalid.getMessage().contains("Invalid JSON expression"), invalid.getMessage());
    }

    @Test
    void aPathIsCompiledOnceAndTheSameScriptServesOtherDocuments() throws ReflectiveOperationException {
        Field compiled = JSONAssertion.class.getDeclaredField("COMPILED");
        compiled.setAccessible(true);
        Map<?, ?> scripts = (Map<?, ?>) compiled.get(null);
        assertEquals(1, new JsonPath("{\"count\": 1}").getInt("count"));
        Object script = scripts.get("restAssuredJsonRootObject.count");
        assertEquals(2, new JsonPath("{\"count\": 2}").getInt("count"), "the same script, another document");
        assertSame(script, scripts.get("restAssuredJsonRootObject.count"));
    }
}

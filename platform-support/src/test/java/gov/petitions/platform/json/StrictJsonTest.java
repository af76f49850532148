package gov.petitions.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StrictJsonTest {

    enum Channel { WALK_IN, ONLINE }

    record Body(String summary, int personCount, boolean anonymous, Channel channel) {
    }

    final ObjectMapper mapper = StrictJson.apply(new ObjectMapper());

    @Test
    void aWellFormedBodyIsRead() throws Exception {
        Body body = mapper.readValue("{\"summary\":\"拖欠工资\",\"personCount\":3,\"anonymous\":false,\"channel\":\"ONLINE\"}", Body.class);
        assertEquals(3, body.personCount());
    }

    @Test
    void everyAmbiguityIsRefused() {
        for (String json : new String[] {
                "{\"summary\":\"a\",\"summary\":\"b\"}",      // duplicate key
                "{\"summary\":123}",                           // number for text
                "{\"summary\":true}",                          // boolean for text
                "{\"personCount\":\"12\"}",                    // text for a number
                "{\"anonymous\":1}",                           // number for a boolean
                "{\"anonymous\":\"true\"}",                    // text for a boolean
                "{\"channel\":1}",                             // number for an enum
                "{\"summary\":\"a\",\"extra\":1}",             // unknown field
                "{\"summary\":\"a\"} {\"summary\":\"b\"}"}) {  // trailing document
            assertThrows(JsonProcessingException.class, () -> mapper.readValue(json, Body.class), json);
        }
    }
}

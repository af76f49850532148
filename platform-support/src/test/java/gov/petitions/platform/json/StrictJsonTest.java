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
    void onlyPlainTextIsRead() throws Exception {
        for (String json : new String[] {
                "{\"summary\":\"\\u0000x\"}",               // NUL (PostgreSQL refuses it: it was a 500)
                "{\"summary\":\"\\ud83d值\"}",               // a lone surrogate
                "{\"summary\":\"\\uFEFF\\uFEFF\"}",          // byte order marks
                "{\"summary\":\"催办\\u2060\"}",              // word joiner
                "{\"summary\":\"华建\\u200B建设\"}",           // zero-width space
                "{\"summary\":\"\\u202E反向\"}",              // bidi override
                "{\"summary\":\"\\udb40\\udc41\"}",          // a tag character
                "{\"summary\":\"\\udb80\\udc00\"}",          // private use (U+F0000)
                "{\"summary\":\"\\u001b[31m\"}",             // an escape sequence
                "{\"summary\":\"\\uFFFF\"}"}) {             // a noncharacter
            assertThrows(JsonProcessingException.class, () -> mapper.readValue(json, Body.class), json);
        }
        Body fine = mapper.readValue("{\"summary\":\"拖欠工资 3 个月\\n第二行\\t😀 Ünïcödé\",\"personCount\":1,"
                + "\"anonymous\":false,\"channel\":\"ONLINE\"}", Body.class);
        assertEquals("拖欠工资 3 个月\n第二行\t😀 Ünïcödé", fine.summary());
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

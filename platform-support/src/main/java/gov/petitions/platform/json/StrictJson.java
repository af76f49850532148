package gov.petitions.platform.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Every service reads request bodies strictly: a duplicate key, a number where text belongs (or text where a number
 * belongs), a number for an enum and an unknown field are refused (400 problem+json by ProblemMappers), never
 * guessed at. A body that means two things to two readers is how smuggling starts. Event consumers copy this
 * mapper and only relax unknown fields, so that a newer producer's optional field does not stop them.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        // a service that validates every text field itself, naming each offending field (intake's @PlainText),
        // may leave the plain-text check to that validation: petitions.json.plain-text-only=false
        apply(mapper, org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("petitions.json.plain-text-only", Boolean.class).orElse(true));
    }

    public static ObjectMapper apply(ObjectMapper mapper) {
        return apply(mapper, true);
    }

    public static ObjectMapper apply(ObjectMapper mapper, boolean plainTextOnly) {
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(number).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        if (plainTextOnly) {
            mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("petitions-plain-text")
                    .addDeserializer(String.class, new PlainTextDeserializer()));
        }
        return mapper;
    }

    /**
     * Text as people write it: control characters (but tab and line breaks), lone surrogates, noncharacters and
     * invisible format characters — zero-width spaces and joiners, bidi marks and overrides, tag characters, the byte
     * order mark — and private-use code points are refused. They reached PostgreSQL as NUL (a 500), hid text from
     * the people reading it, or split one name into several.
     */
    static final class PlainTextDeserializer extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<String> {

        PlainTextDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(com.fasterxml.jackson.core.JsonParser parser,
                                  com.fasterxml.jackson.databind.DeserializationContext context) throws java.io.IOException {
            String text = com.fasterxml.jackson.databind.deser.std.StringDeserializer.instance.deserialize(parser, context);
            int refused = firstRefused(text);
            if (refused >= 0) {
                throw context.weirdStringException(text, String.class,
                        String.format("contains U+%04X, which is not plain text", refused));
            }
            return text;
        }

        @Override
        public String getNullValue(com.fasterxml.jackson.databind.DeserializationContext context) {
            return null;
        }
    }

    /** The first code point of {@code text} that plain text may not hold, or -1. */
    public static int firstRefused(String text) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!allowed(c)) {
                return c;
            }
            i += Character.charCount(c);
        }
        return -1;
    }

    private static boolean allowed(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return true;
        }
        int type = Character.getType(c);
        boolean nonCharacter = (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.PRIVATE_USE && type != Character.UNASSIGNED && !nonCharacter;
    }
}

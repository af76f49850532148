package gov.petitions.intake.open311;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * GeoReport v2's two formats, chosen by the path's extension ({@code requests.json}, {@code requests.xml}). Answers
 * are built as ordered maps once and written either way: JSON as Jackson writes them, XML with the JDK's StAX writer
 * (which escapes every value) under the root and element names the specification gives, lists wrapped in their plural
 * element ({@code <attributes><attribute>}).
 */
public enum Open311Format {
    JSON("application/json; charset=utf-8"),
    XML("text/xml; charset=utf-8");

    /** Plural wrapper → element of each item, as the specification names them. */
    private static final Map<String, String> ITEM = Map.of("attributes", "attribute", "values", "value",
            "endpoints", "endpoint", "formats", "format");
    private static final ObjectMapper JSON_WRITER = new ObjectMapper();

    private final String contentType;

    Open311Format(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** Only json and xml route here at all (the paths' patterns); anything else is a 404 before this. */
    public static Open311Format of(String extension) {
        return "xml".equalsIgnoreCase(extension) ? XML : JSON;
    }

    /** A list answer: a JSON array, or {@code <root><element>…</element>…</root>}. */
    public String list(String root, String element, List<? extends Map<String, ?>> items) {
        if (this == JSON) {
            return json(items);
        }
        return xml(w -> {
            w.writeStartElement(root);
            for (Map<String, ?> item : items) {
                writeElement(w, element, item);
            }
            w.writeEndElement();
        });
    }

    /** A single object answer (a service definition, the discovery): a JSON object, or {@code <root>…</root>}. */
    public String single(String root, Map<String, ?> item) {
        if (this == JSON) {
            return json(item);
        }
        return xml(w -> writeElement(w, root, item));
    }

    private static String json(Object value) {
        try {
            return JSON_WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an Open311 answer could not be written as JSON", e);
        }
    }

    private interface XmlBody {
        void write(XMLStreamWriter writer) throws XMLStreamException;
    }

    private static String xml(XmlBody body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            body.write(w);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("an Open311 answer could not be written as XML", e);
        }
        return out.toString();
    }

    private static void writeElement(XMLStreamWriter w, String name, Object value) throws XMLStreamException {
        if (value == null) {
            w.writeEmptyElement(name);
            return;
        }
        w.writeStartElement(name);
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> field : map.entrySet()) {
                writeElement(w, String.valueOf(field.getKey()), field.getValue());
            }
        } else if (value instanceof List<?> list) {
            String item = ITEM.getOrDefault(name, "item");
            for (Object element : list) {
                writeElement(w, item, element);
            }
        } else {
            w.writeCharacters(String.valueOf(value));
        }
        w.writeEndElement();
    }
}

package io.github.keycloakwechat.message;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Flat WeChat push XML ({@code <xml><Name><![CDATA[v]]></Name>...</xml>}) to an element map.
 *
 * <p>The push endpoint is public, so the body is hostile until its signature is checked (and the signature
 * can only be checked after parsing in safe mode). Hence: the JDK's own StAX with DTDs, external entities and
 * entity replacement off, any DTD rejected outright (closing XXE and billion-laughs), and hard limits on body
 * size, element count and value size. Only the one shape WeChat sends is accepted: root {@code <xml>} with
 * text-only children.
 *
 * <p>Thread-safe: each call uses its own factory, because StAX factories are not specified as thread-safe.
 */
public final class PushXmlParser {

    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    static final int MAX_ELEMENTS = 64;
    static final int MAX_VALUE_BYTES = 8 * 1024;

    private final int maxBytes;

    public PushXmlParser() {
        this(DEFAULT_MAX_BYTES);
    }

    public PushXmlParser(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Parses a push body into an unmodifiable map of child element name to text, in document order. Unknown
     * elements are kept so that callers can read fields this class does not know about.
     */
    public Map<String, String> parse(byte[] body) throws MalformedPushException {
        if (body == null || body.length == 0) {
            throw new MalformedPushException("empty body");
        }
        if (body.length > maxBytes) {
            throw new MalformedPushException("body too large");
        }
        XMLStreamReader reader;
        try {
            reader = newFactory().createXMLStreamReader(new StringReader(utf8(body)));
        } catch (XMLStreamException | RuntimeException e) {
            throw new MalformedPushException("malformed XML", e);
        }
        try {
            return read(reader);
        } catch (XMLStreamException e) {
            throw new MalformedPushException("malformed XML" + at(e.getLocation()), e);
        } catch (RuntimeException e) {
            // The JDK's StAX reader does not always fail with XMLStreamException: reporting some errors in a DTD it is
            // skipping (e.g. a NUL inside "<!DOCTYPE xml [...]>") looks up a message key its resource bundle lacks and
            // throws MissingResourceException (JDK 17; found by fuzzing, docs/fuzzing.md). Any such failure is a
            // malformed body, not a server error.
            throw new MalformedPushException("malformed XML", e);
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing left to release for an in-memory stream
            }
        }
    }

    private static Map<String, String> read(XMLStreamReader reader)
            throws XMLStreamException, MalformedPushException {
        Map<String, String> fields = new LinkedHashMap<>();
        boolean sawRoot = false;
        int depth = 0;
        String name = null;
        StringBuilder text = new StringBuilder();
        while (reader.hasNext()) {
            switch (reader.next()) {
                case XMLStreamConstants.DTD:
                    throw new MalformedPushException("DOCTYPE not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE:
                case XMLStreamConstants.ENTITY_DECLARATION:
                case XMLStreamConstants.NOTATION_DECLARATION:
                    throw new MalformedPushException("entities not allowed");
                case XMLStreamConstants.START_ELEMENT:
                    depth++;
                    if (depth == 1) {
                        if (sawRoot || !"xml".equals(reader.getLocalName())) {
                            throw new MalformedPushException("root element must be <xml>");
                        }
                        sawRoot = true;
                    } else if (depth == 2) {
                        if (fields.size() >= MAX_ELEMENTS) {
                            throw new MalformedPushException("too many elements");
                        }
                        name = reader.getLocalName();
                        text.setLength(0);
                    } else {
                        throw new MalformedPushException("nested elements not allowed");
                    }
                    break;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    if (depth == 2) {
                        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    } else if (!reader.isWhiteSpace()) {
                        throw new MalformedPushException("text outside a field");
                    }
                    break;
                case XMLStreamConstants.END_ELEMENT:
                    if (depth == 2) {
                        String value = text.toString();
                        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
                            throw new MalformedPushException("value too long");
                        }
                        // Two copies of a field (say two <Encrypt>) would let the signed one differ from the used one.
                        if (fields.putIfAbsent(name, value) != null) {
                            throw new MalformedPushException("duplicate element");
                        }
                    }
                    depth--;
                    break;
                default:
                    break; // comments, processing instructions, document start/end carry nothing
            }
        }
        if (!sawRoot) {
            throw new MalformedPushException("no root element");
        }
        return Collections.unmodifiableMap(fields);
    }

    /**
     * WeChat always sends UTF-8. Decoding here, strictly, rather than letting the parser sniff the encoding
     * also keeps the JDK parser from printing "[Fatal Error]" lines to stderr for every invalid byte sequence,
     * which a hostile client could otherwise use to flood the server log. A declared encoding is ignored.
     */
    private static String utf8(byte[] body) throws MalformedPushException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new MalformedPushException("body is not UTF-8");
        }
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    private static String at(Location location) {
        return location == null ? "" : " at line " + location.getLineNumber() + ", column "
                + location.getColumnNumber();
    }
}

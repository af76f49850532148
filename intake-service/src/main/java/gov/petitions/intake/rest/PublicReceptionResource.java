package gov.petitions.intake.rest;

import gov.petitions.intake.reception.ReceptionSession;
import gov.petitions.intake.reception.ReceptionSessions;
import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.intake.reception.SessionViews.PublicSessionView;
import gov.petitions.intake.service.DivisionCatalog;
import gov.petitions.platform.province.InProvince;
import gov.petitions.platform.province.Province;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** The announcement (公示) of upcoming reception sessions, for citizens, websites and the media. */
@Path("/public/reception-sessions")
@PermitAll
@Tag(name = "Public")
public class PublicReceptionResource {

    private static final String ATOM = "http://www.w3.org/2005/Atom";

    private final ReceptionSessions sessions;
    private final DivisionCatalog divisions;
    private final Province province;

    private final String publicBase;

    public PublicReceptionResource(ReceptionSessions sessions, DivisionCatalog divisions, IntakeConfig config,
                                   Province province) {
        this.province = province;
        String base = config.publicBaseUrl().strip();
        this.publicBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.sessions = sessions;
        this.divisions = divisions;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Announced reception sessions from today on, soonest first; county narrows to a city (4 digits) or county (6)")
    public List<PublicSessionView> upcoming(@QueryParam("county") @Pattern(regexp = InProvince.UP_TO_COUNTY,
                                              message = "must be a division code: the province (2 digits), a city (4) or a county (6)") @InProvince String county,
                                      @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return sessions.upcoming(Optional.ofNullable(county), limit).stream()
                .map(s -> PublicSessionView.of(s, divisions.nameOf(s.countyCode).orElse(null))).toList();
    }

    @GET
    @Path("feed")
    @Produces("application/atom+xml")
    @Operation(summary = "The same list as an Atom feed (RFC 4287)")
    public String feed(@QueryParam("county") @Pattern(regexp = InProvince.UP_TO_COUNTY,
                               message = "must be a division code: the province (2 digits), a city (4) or a county (6)") @InProvince String county)
            throws XMLStreamException {
        List<ReceptionSession> upcoming = sessions.upcoming(Optional.ofNullable(county), 100);
        StringWriter out = new StringWriter();
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("feed");
        xml.writeDefaultNamespace(ATOM);
        element(xml, "id", "urn:petitions:reception-sessions:" + (county == null ? province.code() : county));
        element(xml, "title", "领导公开接访公示 (public reception sessions)");
        OffsetDateTime updated = upcoming.stream().map(s -> s.publishedAt).filter(java.util.Objects::nonNull)
                .max(OffsetDateTime::compareTo).orElse(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        element(xml, "updated", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(PetitionViews.inChina(updated)));
        xml.writeStartElement("link");
        xml.writeAttribute("rel", "self");
        // from configuration, never from the request: a forged Host header must not end up in a cached feed
        xml.writeAttribute("href", publicBase + "/api/intake/public/reception-sessions/feed"
                + (county == null ? "" : "?county=" + county));
        xml.writeEndElement();
        xml.writeStartElement("author");
        element(xml, "name", "信访局 (petition bureau)");
        xml.writeEndElement();
        for (ReceptionSession s : upcoming) {
            String place = divisions.nameOf(s.countyCode).orElse(s.countyCode);
            xml.writeStartElement("entry");
            element(xml, "id", "urn:uuid:" + s.id);
            element(xml, "title", s.sessionDate + " " + s.leaderTitle + s.leaderName + "公开接访（" + place + "）");
            element(xml, "updated", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(PetitionViews.inChina(s.publishedAt)));
            element(xml, "published", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(PetitionViews.inChina(s.publishedAt)));
            xml.writeStartElement("content");
            xml.writeAttribute("type", "text");
            xml.writeCharacters("时间：" + s.sessionDate + " " + s.startsAt + "–" + s.endsAt + "；地点：" + s.venue
                    + "；接访领导：" + s.leaderTitle + s.leaderName + "；联合接谈组：" + s.desks.size() + "个（"
                    + String.join("、", s.desks.stream().map(ReceptionSession.Desk::name).toList()) + "）");
            xml.writeEndElement();
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.close();
        return out.toString();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}

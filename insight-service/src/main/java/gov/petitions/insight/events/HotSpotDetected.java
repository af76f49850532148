package gov.petitions.insight.events;

import gov.petitions.insight.HotSpot;
import gov.petitions.insight.domain.ChinaDayWindows;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The data of hotspot.detected (contracts/events/hotspot.detected.v1.schema.json), also what REST shows. */
public record HotSpotDetected(String hotspotId, HotSpot.Status status, int sequence, String countyCode,
                              String placeCode, HotSpot.PlaceLevel placeLevel, String categoryCode, String target,
                              String targetLabel, List<String> accusedUnitCodes, String detectedAt, String updatedAt, String resolvedAt,
                              int petitionCount, int personCount, List<String> petitionIds,
                              List<HotSpot.WindowFigures> windows, List<HotSpot.Reason> reasons) {

    public static final String TOPIC = "hotspot.detected";
    public static final String TYPE = "gov.petition.hotspot.detected.v1";
    public static final String DATA_SCHEMA = "https://petitions.gov.example/contracts/events/hotspot.detected.v1.schema.json";
    public static final String SOURCE = "/insight-service";

    // RFC 3339 with seconds and offset always (OffsetDateTime.toString drops ":00" seconds)
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    public static HotSpotDetected of(HotSpot h) {
        return new HotSpotDetected(h.hotspotId(), h.status(), h.sequence(), h.countyCode(), h.placeCode(),
                h.placeLevel(), h.categoryCode(), h.target(), h.targetLabel(), h.accusedUnitCodes(), time(h.detectedAt()),
                time(h.updatedAt()), h.resolvedAt() == null ? null : time(h.resolvedAt()), h.petitionCount(),
                h.personCount(), h.petitionIds(), h.windows(), h.reasons());
    }

    public static String time(long epochMillis) {
        return RFC_3339.format(Instant.ofEpochMilli(epochMillis).atZone(ChinaDayWindows.CHINA));
    }
}

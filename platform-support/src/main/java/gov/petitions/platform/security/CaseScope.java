package gov.petitions.platform.security;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a scope check needs to know of a case: where the matter is (its location, a division code), which unit
 * holds it now, and whom it accuses. Built by each service from its own store; the rules live in {@link CallerScope}.
 *
 * @param locationCode      the division the matter is in (codes nest by prefix: 34 > 3413 > 341322 > 341322001)
 * @param unitCode          the responsible unit now, or null before the first assignment
 * @param accusedUnitCodes  the units a report or accusation (检举揭发) is about; never null
 */
public record CaseScope(String locationCode, String unitCode, Collection<String> accusedUnitCodes) {

    /** Every province's division code has two digits (34 Anhui, 64 Ningxia); a city's four, a county's six. */
    public static final int PROVINCE_CODE_LENGTH = 2;

    public CaseScope {
        Objects.requireNonNull(locationCode, "locationCode");
        accusedUnitCodes = accusedUnitCodes == null ? List.of() : List.copyOf(accusedUnitCodes);
    }

    public static CaseScope of(String locationCode, String unitCode, Collection<String> accusedUnitCodes) {
        return new CaseScope(locationCode, unitCode, accusedUnitCodes);
    }

    /**
     * Recusal (回避): whether a unit or a division (a jurisdiction) is inside the case's recusal set — an accused unit
     * itself, or any unit or division at or under an accused unit's division. 《信访工作条例》 forbids passing an
     * accusation to the accused, and a county's own bureau or supervisor is not neutral about its own government.
     * At the province, where nothing is higher, the accused unit and everything below the province are recused, but
     * not the province's other units and supervisors: the case goes to another provincial unit, and the province's
     * supervisors oversee it.
     */
    public boolean recuses(String unitOrDivisionCode) {
        if (unitOrDivisionCode == null || unitOrDivisionCode.isBlank()) {
            return false;
        }
        String division = divisionOf(unitOrDivisionCode);
        for (String accused : accusedUnitCodes) {
            String accusedDivision = divisionOf(accused);
            if (accused.equals(unitOrDivisionCode)) {
                return true;
            }
            boolean atProvince = accusedDivision.length() <= PROVINCE_CODE_LENGTH;
            if (atProvince ? division.length() > accusedDivision.length() && division.startsWith(accusedDivision)
                    : division.startsWith(accusedDivision)) {
                return true;
            }
        }
        return false;
    }

    /** A unit's division: the code before the department ({@code 341322-RSJ} → {@code 341322}); a division is itself. */
    public static String divisionOf(String unitOrDivisionCode) {
        int dash = unitOrDivisionCode.indexOf('-');
        return dash < 0 ? unitOrDivisionCode : unitOrDivisionCode.substring(0, dash);
    }

    /** Codes nest by prefix: {@code 341322} is within {@code 3413} and within itself. */
    public static boolean within(String code, String subtree) {
        return code != null && subtree != null && !subtree.isEmpty() && code.startsWith(subtree);
    }
}

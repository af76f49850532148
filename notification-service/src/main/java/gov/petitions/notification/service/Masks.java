package gov.petitions.notification.service;

/**
 * The masked forms stored with a message in place of contact details: enough for an operator to tell
 * which number or address was used, not enough to reach the person.
 */
public final class Masks {

    private Masks() {
    }

    /** 13812345678 → 138****5678 */
    public static String phone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9+]", "");
        if (digits.length() < 7) {
            return "****";
        }
        return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
    }

    /** 张三丰 → 张** */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String trimmed = name.strip();
        int first = trimmed.offsetByCodePoints(0, 1);
        return trimmed.substring(0, first) + "*".repeat(Math.max(1, trimmed.codePointCount(first, trimmed.length())));
    }

    /** handler@unit.gov.cn → h***@unit.gov.cn */
    public static String email(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        int at = address.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    /** An agency endpoint is an organisation's, not a person's: scheme, host and port are kept, the path is not. */
    public static String url(java.net.URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "") + "/…";
    }

    /** Resident ID numbers, mobile and landline numbers: what a person's free text may carry that identifies someone. */
    private static final java.util.regex.Pattern IDENTIFYING_NUMBERS = java.util.regex.Pattern.compile(
            "(?<![0-9])([0-9]{17}[0-9Xx]|1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})(?![0-9])");

    /** Free text written by staff (a reason) with the numbers that identify a person replaced by ***. */
    public static String identifyingNumbers(String text) {
        return text == null ? null : IDENTIFYING_NUMBERS.matcher(text).replaceAll("***");
    }
}

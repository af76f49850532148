package gov.petitions.notification.domain;

/** A case's urgency level (紧急程度, the contracts' urgency), with the name a message gives it, most urgent first. */
public enum Urgency {
    URGENT_SPECIAL("特急"),
    URGENT("急"),
    NORMAL("一般");

    private final String label;

    Urgency(String label) {
        this.label = label;
    }

    /** The level's name in a message's text. */
    public String label() {
        return label;
    }

    /** Whether this level is more urgent than {@code other} (its clocks are the shorter ones). */
    public boolean moreUrgentThan(Urgency other) {
        return ordinal() < other.ordinal();
    }
}

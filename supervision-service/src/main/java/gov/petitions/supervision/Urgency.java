package gov.petitions.supervision;

/**
 * How urgent a case is (紧急程度): its clocks for acceptance and handling are the level's, never longer than the
 * statutory ones of 《信访工作条例》 (see {@link gov.petitions.supervision.config.UrgencyClocks}). A case gets its level
 * from its category's rule when it enters the ledger; a supervisor may set another, with a reason.
 */
public enum Urgency {

    /** 特急. */
    URGENT_SPECIAL("特急"),
    /** 急. */
    URGENT("急"),
    /** 一般: the statutory clocks, unless configured shorter. */
    NORMAL("一般");

    private final String nameZh;

    Urgency(String nameZh) {
        this.nameZh = nameZh;
    }

    public String nameZh() {
        return nameZh;
    }

    /** "特急 (URGENT_SPECIAL)", as the timeline says it. */
    public String label() {
        return nameZh + " (" + name() + ")";
    }
}

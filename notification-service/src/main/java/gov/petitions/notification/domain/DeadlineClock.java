package gov.petitions.notification.domain;

/** The statutory time limits (办理时限) of the contracts' {@code clock}, with the name a message gives each. */
public enum DeadlineClock {
    /** Deciding whether to accept (受理). */
    ACCEPTANCE("受理决定"),
    /** Handling and replying (办理). */
    HANDLING("办结答复"),
    /** 复查. */
    REVIEW("复查复核答复"),
    /** 复核. */
    RE_REVIEW("复查复核答复");

    private final String label;

    DeadlineClock(String label) {
        this.label = label;
    }

    /** The clock's name in a message's text. */
    public String label() {
        return label;
    }
}

package gov.petitions.notification.repository;

import org.bson.Document;

/** {@link LetterDownload} ↔ its document in {@code print_downloads}. */
final class LetterDownloadCodec extends Mapping<LetterDownload> {

    static final String LETTER_ID = "letterId";
    static final String PETITION_ID = "petitionId";
    static final String DOWNLOADED_BY = "downloadedBy";
    static final String DOWNLOADED_AT = "downloadedAt";

    LetterDownloadCodec() {
        super(LetterDownload.class);
    }

    @Override
    Document toDocument(LetterDownload l) {
        return new Document(ID, l.id()).append(LETTER_ID, l.letterId()).append(PETITION_ID, l.petitionId())
                .append(DOWNLOADED_BY, l.downloadedBy()).append(DOWNLOADED_AT, date(l.downloadedAt()));
    }

    @Override
    LetterDownload fromDocument(Document d) {
        return new LetterDownload(d.getString(ID), d.getString(LETTER_ID), d.getString(PETITION_ID),
                d.getString(DOWNLOADED_BY), instant(d, DOWNLOADED_AT));
    }
}

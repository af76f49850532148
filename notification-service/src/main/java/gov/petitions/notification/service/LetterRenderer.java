package gov.petitions.notification.service;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfWriter;
import gov.petitions.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Renders a written reply as an A4 PDF. STSong-Light with the UniGB-UCS2-H CMap is one of the standard
 * Adobe Chinese fonts: viewers and printers supply it, so the image carries no 10 MB font file. A print room
 * whose printer lacks Chinese fonts sets {@code notification.letter.font} and the font is embedded (subset).
 */
@ApplicationScoped
public class LetterRenderer {

    private static final DateTimeFormatter CHINESE_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private final NotificationConfig.Letter config;

    public LetterRenderer(NotificationConfig config) {
        this.config = config.letter();
    }

    public record Letter(String title, String trackingNumber, String addresseeName, String address, String body,
                         LocalDate date) {
    }

    public byte[] render(Letter letter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 72, 72, 90, 72);
        try {
            BaseFont song = config.font().isPresent()
                    ? BaseFont.createFont(config.font().get(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED)
                    : BaseFont.createFont("STSong-Light", "UniGB-UCS2-H", BaseFont.NOT_EMBEDDED);
            Font title = new Font(song, 20, Font.BOLD);
            Font text = new Font(song, 14);
            Font small = new Font(song, 11);
            PdfWriter.getInstance(document, out);
            document.addTitle(letter.title());
            document.open();
            if (letter.address() != null && !letter.address().isBlank()) {
                document.add(new Paragraph(letter.address(), small));
            }
            Paragraph heading = new Paragraph(letter.title(), title);
            heading.setAlignment(Element.ALIGN_CENTER);
            heading.setSpacingAfter(8);
            document.add(heading);
            Paragraph number = new Paragraph("信访事项编号：" + letter.trackingNumber(), small);
            number.setAlignment(Element.ALIGN_CENTER);
            number.setSpacingAfter(24);
            document.add(number);
            document.add(new Paragraph((letter.addresseeName() == null ? "信访人" : letter.addresseeName()) + "：", text));
            for (String line : letter.body().split("\\R")) {
                Paragraph paragraph = new Paragraph(line, text);
                paragraph.setFirstLineIndent(28);
                paragraph.setLeading(26);
                document.add(paragraph);
            }
            Paragraph office = new Paragraph(config.office(), text);
            office.setAlignment(Element.ALIGN_RIGHT);
            office.setSpacingBefore(36);
            document.add(office);
            Paragraph date = new Paragraph(CHINESE_DATE.format(letter.date()), text);
            date.setAlignment(Element.ALIGN_RIGHT);
            document.add(date);
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("the letter could not be rendered", e);
        } finally {
            if (document.isOpen()) {
                document.close();
            }
        }
        return out.toByteArray();
    }
}

import Foundation
import Records
/// A report as a few kinds of blocks, so Markdown, HTML and Word come from one description
/// and say the same thing. Renderers escape every span for their format.
struct DocSpan: Equatable {
    enum Style: Equatable {
        case plain, strong, emphasis
        /// Record text in another language than the document's (a fallback), with its language.
        case untranslated(String)
        /// The visible "[not translated]" / "[non traduit]" marker.
        case marker
        /// What the author still has to write.
        case placeholder
    }

    var text: String
    var style: Style

    init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// A paragraph: spans side by side.
typealias DocLine = [DocSpan]

enum DocBlock: Equatable {
    case title(String)
    case heading(level: Int, text: String)
    case paragraph(DocLine)
    case placeholder(String)
    case bullets([DocLine])
    /// The manual's template tables: a label and its value (several paragraphs) per row.
    case fields([DocField])
    /// A table with a header row; each cell is one or more paragraphs. `weights`: relative
    /// column widths, one per column (for Word, which needs widths).
    case table(header: [String], rows: [[[DocLine]]], weights: [Int])
    /// The end of the cover page: a new page in Word and in print.
    case pageBreak
    /// The plan's logo on the cover (PlanLogo: PNG or JPEG, checked); `width`/`height` in pixels.
    case logo(data: Data, kind: PlanLogo.Kind, width: Int, height: Int)
}

struct DocField: Equatable {
    var label: String
    var value: [DocLine]
}

struct ReportDocument {
    var title: String
    /// BCP 47 language of the document's own words.
    var language: String
    var blocks: [DocBlock]
}

extension Localizer {
    /// A record text as spans: the text, or the fallback marked as untranslated, or the stale
    /// translation marked as to review.
    func spans(_ text: Localized) -> DocLine {
        if !text.translated { return [DocSpan(text.value, .untranslated(text.language)), DocSpan(" "), DocSpan(self[.notTranslated], .marker)] }
        return text.stale ? [DocSpan(text.value), DocSpan(" "), DocSpan(self[.staleTranslation], .marker)] : [DocSpan(text.value)]
    }

    /// A record text split into paragraphs; a placeholder saying what to write when it is empty.
    func paragraphs(_ text: Localized?, missing: String) -> [DocLine] {
        guard let text else { return [[DocSpan(missing, .placeholder)]] }
        return text.value.components(separatedBy: "\n")
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { spans(Localized(value: $0, language: text.language, translated: text.translated, stale: text.stale)) }
    }
}

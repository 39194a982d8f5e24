import Foundation

/// Which first-language text a translation was made from, so that a translation left behind
/// when the first-language text changed is seen (docs/RECORDS.md, "Translations that went stale").
///
/// Beside each other-language value the record keeps a fingerprint of the first-language text
/// it translates: `title: {fr: "Registre foncier", en: "Land registry", en_from: 3f2a9c1d}`.
/// The translation is stale when that fingerprint is not the current first-language text's.
/// Carnet writes the fingerprints (`stamped(after:)`) when it commits: a person editing the YAML
/// by hand never has to touch them.
public enum TranslationStamp {
    /// The key suffix in YAML: `en_from`.
    public static let suffix = "_from"

    /// Eight hex digits: FNV-1a (32 bits) of the text's UTF-8, in composed form (NFC) so that an
    /// editor saving the same letters decomposed does not make every translation stale. Not a
    /// security measure: a collision only hides a stale mark.
    public static func of(_ text: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.precomposedStringWithCanonicalMapping.utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Eight lowercase hex digits.
    public static func isValid(_ s: String) -> Bool {
        s.utf8.count == 8 && s.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    /// `en_from` → `en`; nil for any other key.
    public static func language(ofKey key: String) -> String? {
        guard key.hasSuffix(suffix) else { return nil }
        let code = String(key.dropLast(suffix.count))
        return LanguageCode.isValid(code) ? code : nil
    }
}

extension Text {
    /// The languages whose translation was made from another first-language text than the one
    /// here now. A translation without a fingerprint is not judged (written before Carnet kept
    /// them, and never edited since); nor is a text without a first-language value.
    public func staleLanguages(firstLanguage: String) -> [String] {
        guard case .translated(let items) = self, items.contains(where: { $0.from != nil && $0.language != firstLanguage }),
              let first = items.first(where: { $0.language == firstLanguage }) else { return [] }
        let current = TranslationStamp.of(first.value)  // only when there is something to compare it with: reports ask for every text
        return items.filter { $0.language != firstLanguage && $0.from != nil && $0.from != current }.map(\.language)
    }

    public func isStale(_ language: String, firstLanguage: String) -> Bool {
        guard case .translated(let items) = self, language != firstLanguage,
              let from = items.first(where: { $0.language == language })?.from,
              let first = items.first(where: { $0.language == firstLanguage }) else { return false }
        return from != TranslationStamp.of(first.value)
    }

    /// This text with its fingerprints brought up to date after an edit from `old` (the text as
    /// last committed; nil when new). The one rule, for hand edits and the CLI alike:
    /// - a translation whose value changed (or is new) was written against the first-language
    ///   text as it is now: it gets that text's fingerprint (which clears a stale mark);
    /// - a translation left as it was, without a fingerprint, while the first-language text
    ///   changed, was made from the old text: it gets the old text's fingerprint (now stale);
    /// - otherwise a fingerprint is kept as it is. The first language's own is dropped.
    public func stamped(after old: Text?, firstLanguage: String) -> Text {
        guard case .translated(var items) = self else { return self }
        let firstNow = items.first { $0.language == firstLanguage }?.value
        let firstBefore = old?.value(in: firstLanguage, planLanguage: firstLanguage)
        for i in items.indices {
            if items[i].language == firstLanguage { items[i].from = nil; continue }
            let before = old?.value(in: items[i].language, planLanguage: firstLanguage)
            if before != items[i].value {
                items[i].from = firstNow.map(TranslationStamp.of)
            } else if items[i].from == nil, let firstBefore, firstBefore != firstNow {
                items[i].from = TranslationStamp.of(firstBefore)
            }
        }
        return .translated(items)
    }
}

/// A translation that went stale: the record's file, the text's field, the language.
public struct StaleTranslation: Sendable, Equatable {
    public var path: String
    /// The text's field, as `carnet resolve` and diagnostics name it: `title`, `milestones.m2.activity`.
    public var field: String
    public var language: String
    /// Where the translation is written (line and column), when the file was read from text.
    public var location: Location
}

/// Every text field of a record, named by its path in the file (the names diagnostics and the
/// merge use: `description.problem`, `milestones.m2.activity`, `contacts[0].title`).
public protocol TextFields {
    /// The record with `change` applied to each text field.
    func mappingTexts(_ change: (_ field: String, _ text: Text) -> Text) -> Self
}

extension TextFields {
    /// Each text field with its path.
    public var texts: [(field: String, text: Text)] {
        var out: [(String, Text)] = []
        _ = mappingTexts { field, text in out.append((field, text)); return text }
        return out
    }

    /// The record with every text's fingerprints brought up to date after an edit from `old`
    /// (Text.stamped). Fields are matched by path, so a milestone keeps its texts' history
    /// whatever its position.
    public func stampingTranslations(after old: Self?, firstLanguage: String) -> Self {
        let before = Dictionary(old?.texts ?? [], uniquingKeysWith: { a, _ in a })
        return mappingTexts { field, text in text.stamped(after: before[field], firstLanguage: firstLanguage) }
    }

    /// The record's stale translations, without a location (see PlanSnapshot.staleTranslations).
    public func staleTranslations(firstLanguage: String) -> [(field: String, language: String)] {
        texts.flatMap { field, text in text.staleLanguages(firstLanguage: firstLanguage).map { (field, $0) } }
    }
}

private func mapped(_ text: Text?, _ field: String, _ change: (String, Text) -> Text) -> Text? {
    text.map { change(field, $0) }
}

extension Person {
    func mappingTexts(at path: String, _ change: (String, Text) -> Text) -> Person {
        var p = self
        p.title = mapped(title, path + ".title", change)
        return p
    }
}

private func people(_ list: [Person], _ key: String, _ change: (String, Text) -> Text) -> [Person] {
    list.enumerated().map { i, p in p.mappingTexts(at: "\(key)[\(i)]", change) }
}

extension Plan: TextFields {
    public func mappingTexts(_ change: (String, Text) -> Text) -> Plan {
        var p = self
        p.country = change("country", country)
        p.title = change("title", title)
        p.pointOfContact = pointOfContact.mappingTexts(at: "point_of_contact", change)
        p.members = people(members, "members", change)
        return p
    }
}

extension Ministry: TextFields {
    public func mappingTexts(_ change: (String, Text) -> Text) -> Ministry {
        var m = self
        m.name = change("name", name)
        m.contacts = people(contacts, "contacts", change)
        m.members = people(members, "members", change)
        return m
    }
}

extension Commitment: TextFields {
    public func mappingTexts(_ change: (String, Text) -> Text) -> Commitment {
        var c = self
        c.title = change("title", title)
        c.themes = themes.enumerated().map { i, t in change("themes[\(i)]", t) }
        c.description.problem = change("description.problem", description.problem)
        c.description.commitment = change("description.commitment", description.commitment)
        c.description.solution = mapped(description.solution, "description.solution", change)
        c.description.relevance = mapped(description.relevance, "description.relevance", change)
        if var info = additionalInformation {
            let key = "additional_information."
            info.budget = mapped(info.budget, key + "budget", change)
            info.programmes = mapped(info.programmes, key + "programmes", change)
            info.developmentPlan = mapped(info.developmentPlan, key + "development_plan", change)
            info.sdgs = mapped(info.sdgs, key + "sdgs", change)
            info.other = mapped(info.other, key + "other", change)
            c.additionalInformation = info
        }
        c.milestones = milestones.map { m in
            var m = m
            let key = "milestones.\(m.id)."
            m.activity = change(key + "activity", m.activity)
            m.deliverable = mapped(m.deliverable, key + "deliverable", change)
            m.budget = mapped(m.budget, key + "budget", change)
            return m
        }
        c.contact = contact.mappingTexts(at: "contact", change)
        return c
    }
}

extension CommitmentProgress: TextFields {
    public func mappingTexts(_ change: (String, Text) -> Text) -> CommitmentProgress {
        var p = self
        p.results = mapped(results, "results", change)
        p.nextSteps = mapped(nextSteps, "next_steps", change)
        p.delayReason = mapped(delayReason, "delay_reason", change)
        p.milestones = milestones.map { m in
            var m = m
            m.note = mapped(m.note, "milestones.\(m.id).note", change)
            m.delayReason = mapped(m.delayReason, "milestones.\(m.id).delay_reason", change)
            return m
        }
        p.evidence = evidence.map { e in
            var e = e
            e.title = change("evidence.\(e.id).title", e.title)
            return e
        }
        return p
    }
}

extension PlanSnapshot {
    /// Every stale translation in the records read, by file then field: what `status` and
    /// `show` list and `validate` warns about. Needs plan.yaml (its first language).
    public func staleTranslations() -> [StaleTranslation] {
        guard let language = plan?.record?.language else { return [] }
        var out: [StaleTranslation] = []
        func add<R: TextFields>(_ entry: Entry<R>?) {
            guard let entry, let record = entry.record else { return }
            for (field, code) in record.staleTranslations(firstLanguage: language) {
                out.append(StaleTranslation(path: entry.source.path, field: field, language: code,
                                            location: entry.source.location(of: "\(field).\(code)")))
            }
        }
        add(plan)
        for id in ministries.keys.sorted() { add(ministries[id]) }
        for folder in sortedCommitments {
            add(folder.commitment)
            add(folder.progress)
        }
        return out
    }
}

extension TranslationStamp {
    /// A record file's text with its translations' fingerprints brought up to date after an
    /// edit from `before` (its last committed text; nil for a new file), written canonically;
    /// nil when no fingerprint changes, or the file is not a record, or does not read cleanly
    /// (an invalid file is never rewritten). What Carnet's commit of hand edits applies.
    public static func restamp(path: String, text: [UInt8], before: [UInt8]?, firstLanguage: String) -> String? {
        guard let file = StampedFile(path: path, text: text, before: before, firstLanguage: firstLanguage), file.changed else { return nil }
        return file.canonical
    }

    /// The stale translations of a record file as they will be once its edit from `before` is
    /// committed (a translation just corrected is not stale any more), located in `text`.
    public static func staleAfterCommit(path: String, text: [UInt8], before: [UInt8]?, firstLanguage: String) -> [StaleTranslation] {
        guard let file = StampedFile(path: path, text: text, before: before, firstLanguage: firstLanguage) else { return [] }
        return file.stale.map { StaleTranslation(path: path, field: $0.field, language: $0.language,
                                                 location: file.source.location(of: "\($0.field).\($0.language)")) }
    }
}

/// One record file read, and stamped after an edit: what `restamp` and `staleAfterCommit` need.
private struct StampedFile {
    var source: RecordSource
    var changed: Bool
    var canonical: String
    var stale: [(field: String, language: String)]

    init?(path: String, text: [UInt8], before: [UInt8]?, firstLanguage: String) {
        let source = RecordSource(bytes: text, path: path)
        func stamp<R: TextFields & Equatable>(_ read: (RecordSource) -> R?, _ write: (R) -> String) -> (Bool, String, [(String, String)])? {
            guard let now = read(source), !source.diagnostics.hasErrors else { return nil }
            let old = before.flatMap { read(RecordSource(bytes: $0, path: path)) }
            let stamped = now.stampingTranslations(after: old, firstLanguage: firstLanguage)
            return (stamped != now, write(stamped), stamped.staleTranslations(firstLanguage: firstLanguage))
        }
        let result: (Bool, String, [(String, String)])?
        switch PlanLayout.kind(of: path) {
        case .plan: result = stamp({ Plan.read($0) }, \.canonicalYAML)
        case .ministry(let id): result = stamp({ Ministry.read($0, expectedID: id) }, \.canonicalYAML)
        case .commitment(let id): result = stamp({ Commitment.read($0, expectedID: id) }, \.canonicalYAML)
        case .progress(let id): result = stamp({ CommitmentProgress.read($0, expectedID: id) }, \.canonicalYAML)
        // Participation records keep no fingerprints yet: their translations are not judged.
        case .evidence, .period, .participation, .other: result = nil
        }
        guard let result else { return nil }
        self.source = source
        (changed, canonical) = (result.0, result.1)
        stale = result.2.map { (field: $0.0, language: $0.1) }
    }
}

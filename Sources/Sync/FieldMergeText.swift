import Records

/// Text fields merge per language: French changed here and English on the hub are both kept;
/// each language is one field (`results.en`) under the ordinary rules.
extension FieldMerge {
    /// An optional text field (absent = nil).
    mutating func text(_ field: String, base: Text?, ours o: Text?, theirs t: Text?) -> Text? {
        if o == t { return t }
        if mode == .threeWay {
            if base == o { return t }
            if base == t { return o }
        }
        // A plain string is in the plan's own language, which a single record does not name. Only
        // when some version is a translation map can we tell it: `Text.setting` puts the plan's
        // language first when it turns a plain string into translations, so the first language of
        // a map (theirs' first) is the best guess. With no map anywhere, the text is one field.
        guard let language = [t, o, base].lazy.compactMap({ $0?.languages.first }).first else {
            return optional(field, base: base, ours: o, theirs: t, render: ConflictText.text)
        }
        let (lb, lo, lt) = (Self.lift(base, language), Self.lift(o, language), Self.lift(t, language))
        var languages = lt.map(\.language)
        for x in lo where !languages.contains(x.language) { languages.append(x.language) }
        var out: [Text.Translation] = []
        for l in languages {
            let (b, o, t) = (Self.lookup(lb, l), Self.lookup(lo, l), Self.lookup(lt, l))
            let merged = optional("\(field).\(l)", base: b?.value, ours: o?.value, theirs: t?.value, render: ConflictText.string)
            if let merged { out.append(Text.Translation(l, merged, from: stamp(merged, base: b, ours: o, theirs: t))) }
        }
        if out.isEmpty { return nil }
        // Keep the plain form when the result is just the plan-language string and the side whose
        // form we follow (theirs, else ours) wrote it plain.
        if out.count == 1, out[0].language == language, case .plain? = t ?? o { return .plain(out[0].value) }
        return .translated(out)
    }

    /// A required text field. If the per-language merge would leave no language at all (one side
    /// removed French, the other English), theirs is kept whole and ours recorded whole.
    mutating func requiredText(_ field: String, base: Text?, ours o: Text, theirs t: Text) -> Text {
        let mark = recorded.count
        if let merged = text(field, base: base, ours: o, theirs: t) { return merged }
        rollback(to: mark)
        record(field, kept: ConflictText.text(t), lost: ConflictText.text(o), loser: ours)
        return t
    }

    private static func lift(_ text: Text?, _ language: String) -> [Text.Translation] {
        switch text {
        case nil: return []
        case .plain(let s)?: return [Text.Translation(language, s)]
        case .translated(let items)?: return items
        }
    }

    private static func lookup(_ items: [Text.Translation], _ language: String) -> Text.Translation? {
        items.first { $0.language == language }
    }

    /// A translation's fingerprint (TranslationStamp) goes with its value: it says which
    /// first-language text that value was made from. When the merge kept one side's value, that
    /// side's fingerprint; when both sides hold the same value, the fingerprint merges on its own
    /// (the side that changed it wins, theirs when both did), never as a conflict of its own.
    private func stamp(_ value: String, base b: Text.Translation?, ours o: Text.Translation?, theirs t: Text.Translation?) -> String? {
        if o?.value == t?.value {
            if mode == .threeWay, b?.from == t?.from { return o?.from }
            return t?.from ?? o?.from
        }
        if value == t?.value { return t?.from }
        if value == o?.value { return o?.from }
        return b?.from
    }
}

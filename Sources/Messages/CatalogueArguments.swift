extension Catalogue {
    /// One value written the way a language writes it, outside a sentence: a number in a table
    /// ("1 234" / "1,234"), a day in a column ("1er septembre 2026" / "1 September 2026").
    /// The same rendering as inside `text`, so a figure and the sentence beside it agree.
    public func written(_ value: MessageArgument, in code: String) -> String {
        render(value, in: languages[code] ?? languages["en"])
    }
}

import Synchronization

/// The catalogue's languages, each parsed the first time it is asked for. A carnet process
/// speaks one language: a hub hook or a sync that says nothing parses nothing, and one that
/// speaks parses only its own file and English (the fallback), not every file the binary holds.
/// Which languages exist is known without parsing, from each file's `@language` line.
public final class CatalogueLanguages: Sendable, Sequence {
    /// The file each language code comes from (a later file for the same code wins, as before).
    private let files: [String: (name: String, text: String)]
    /// Files that name no language: they are problems, and speak nothing.
    let unnamed: [String]
    private let parsed = Mutex<[String: ParsedFile]>([:])

    private enum ParsedFile: Sendable {
        case language(Catalogue.Language, [CatalogueFile.Problem])
        case broken(CatalogueFile.Problem)
    }

    init(files: [(name: String, text: String)]) {
        var byCode: [String: (name: String, text: String)] = [:]
        var unnamed: [String] = []
        for file in files {
            if let code = CatalogueFile.declaredLanguage(file.text) { byCode[code] = file } else { unnamed.append(file.name) }
        }
        self.files = byCode
        self.unnamed = unnamed
    }

    /// Whether the binary speaks `code`, without parsing anything.
    public func contains(_ code: String) -> Bool { files[code] != nil }

    /// The language codes, unsorted (as a dictionary's keys were).
    public var keys: [String] { Array(files.keys) }

    public subscript(code: String) -> Catalogue.Language? {
        if case .language(let language, _) = parse(code) { return language }
        return nil
    }

    /// Every file's problems: parses them all (tests and tools ask, a command never does).
    var problems: [CatalogueFile.Problem] {
        files.keys.sorted().flatMap { code -> [CatalogueFile.Problem] in
            switch parse(code) {
            case .language(_, let problems): return problems
            case .broken(let problem): return [problem]
            case nil: return []
            }
        } + unnamed.map { CatalogueFile.Problem(file: $0, line: 1, reason: "no '@language CODE' line") }
    }

    public func makeIterator() -> AnyIterator<(key: String, value: Catalogue.Language)> {
        var codes = files.keys.sorted().makeIterator()
        return AnyIterator {
            while let code = codes.next() {
                if let language = self[code] { return (code, language) }
            }
            return nil
        }
    }

    private func parse(_ code: String) -> ParsedFile? {
        if let known = parsed.withLock({ $0[code] }) { return known }
        guard let file = files[code] else { return nil }
        // Parsed outside the lock: two threads may both parse a file once, never wait on each other.
        let result: ParsedFile
        do {
            let parsedFile = try CatalogueFile(file: file.name, text: file.text)
            result = .language(Catalogue.Language(code: parsedFile.language, conventions: LanguageConventions(settings: parsedFile.settings),
                                                  entries: parsedFile.entries, order: parsedFile.order), parsedFile.problems)
        } catch let problem as CatalogueFile.Problem {
            result = .broken(problem)
        } catch {
            result = .broken(CatalogueFile.Problem(file: file.name, line: 1, reason: "\(error)"))
        }
        return parsed.withLock { table in
            if let first = table[code] { return first }
            table[code] = result
            return result
        }
    }
}

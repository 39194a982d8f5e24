import Messages

/// libyaml's words for what it could not parse, in the reader's language. libyaml writes a
/// fixed set of English phrases; the ones a hand edit commonly meets are in the catalogue, and
/// any other is shown as libyaml wrote it (better English than nothing).
enum YAMLProblem {
    static func words(_ problem: String) -> String {
        switch problem {
        case "mapping values are not allowed in this context": return Catalogue.text("records.yaml.mapping-values-not-allowed")
        case "found character that cannot start any token": return Catalogue.text("records.yaml.character-cannot-start")
        case "did not find expected key": return Catalogue.text("records.yaml.expected-key")
        case "could not find expected ':'": return Catalogue.text("records.yaml.expected-colon")
        case "found unexpected end of stream": return Catalogue.text("records.yaml.unexpected-end")
        case "did not find expected node content": return Catalogue.text("records.yaml.expected-content")
        case "did not find expected '-' indicator": return Catalogue.text("records.yaml.expected-dash")
        case "found unexpected ':'": return Catalogue.text("records.yaml.unexpected-colon")
        case "found unknown escape character": return Catalogue.text("records.yaml.unknown-escape")
        case "while scanning a quoted scalar": return Catalogue.text("records.yaml.in-quoted")
        case "while scanning a simple key": return Catalogue.text("records.yaml.in-key")
        case "while parsing a block mapping": return Catalogue.text("records.yaml.in-mapping")
        case "while parsing a block collection": return Catalogue.text("records.yaml.in-list")
        case "while parsing a flow sequence", "while parsing a flow mapping": return Catalogue.text("records.yaml.in-brackets")
        default: return problem
        }
    }
}

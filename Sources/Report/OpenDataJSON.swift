/// data.json written straight into bytes, byte for byte what Foundation's JSONEncoder wrote
/// with the options the open data used (`.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`,
/// keys in snake case): readers of the file see no change. JSONEncoder reflected over the model
/// (Codable containers, a dictionary per object, every key converted then sorted) and was a tenth
/// of the dashboard's page writing. The model's types stay Encodable: OpenDataJSONTests encodes
/// them with JSONEncoder too and compares the bytes.
///
/// Each type below writes its keys in the order JSONEncoder sorted them (the snake-case names'
/// UTF-8 bytes: `theme_texts` before `themes`); a key out of order stops a debug build.
struct JSONText {
    private(set) var bytes: [UInt8] = []
    /// Per open container: whether nothing has been written in it yet.
    private var empty: [Bool] = []
    /// A key was just written: its value follows on the same line.
    private var afterKey = false
    #if DEBUG
    /// The last key written in each open object (the order check).
    private var lastKeys: [[UInt8]] = []
    #endif

    init(reserving capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    // MARK: Containers

    mutating func beginObject() { begin(0x7B) }
    mutating func endObject() { end(0x7D) }
    mutating func beginArray() { begin(0x5B) }
    mutating func endArray() { end(0x5D) }

    /// A bracket, then a line per member, each indented by two spaces a level; the closing
    /// bracket on a line of its own (an empty container too: `[`, an empty line, `]`).
    private mutating func begin(_ bracket: UInt8) {
        beforeValue()
        bytes.append(bracket)
        bytes.append(0x0A)
        empty.append(true)
        #if DEBUG
        lastKeys.append([])
        #endif
    }

    private mutating func end(_ bracket: UInt8) {
        empty.removeLast()
        #if DEBUG
        lastKeys.removeLast()
        #endif
        bytes.append(0x0A)
        indent()
        bytes.append(bracket)
    }

    /// What goes before a member: `,` and a new line after the one before, then the indent.
    private mutating func separate() {
        guard let last = empty.indices.last else { return }
        if empty[last] { empty[last] = false } else { bytes.append(0x2C); bytes.append(0x0A) }
        indent()
    }

    private mutating func beforeValue() {
        if afterKey { afterKey = false } else { separate() }
    }

    private mutating func indent() {
        for _ in 0..<empty.count { bytes.append(0x20); bytes.append(0x20) }
    }

    // MARK: Keys and values

    /// One of the model's own keys, already in snake case.
    mutating func key(_ name: StaticString) {
        name.withUTF8Buffer { key(bytes: $0) }
    }

    /// A dictionary's key: a record's value (a language code), escaped like any string.
    private mutating func key(_ name: String) {
        var name = name
        name.withUTF8 { key(bytes: $0) }
    }

    private mutating func key(bytes name: UnsafeBufferPointer<UInt8>) {
        #if DEBUG
        if let last = lastKeys.indices.last {
            precondition(lastKeys[last].isEmpty || lastKeys[last].lexicographicallyPrecedes(name),
                         "data.json: key \(String(decoding: name, as: UTF8.self)) out of JSONEncoder's order")
            lastKeys[last] = Array(name)
        }
        #endif
        separate()
        appendString(name)
        bytes.append(contentsOf: [0x20, 0x3A, 0x20])  // " : "
        afterKey = true
    }

    mutating func string(_ value: String) {
        beforeValue()
        var value = value
        value.withUTF8 { appendString($0) }
    }

    mutating func int(_ value: Int) {
        beforeValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        beforeValue()
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    mutating func strings(_ values: [String]) {
        beginArray()
        for v in values { string(v) }
        endArray()
    }

    /// A text in every language: keys sorted by their UTF-8 bytes, as JSONEncoder sorts them.
    mutating func texts(_ values: [String: String]) {
        beginObject()
        for (k, v) in values.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            key(k)
            string(v)
        }
        endObject()
    }

    /// A quoted string, escaped as JSONEncoder escapes: `"` and `\`; backspace, form feed, line
    /// feed, carriage return and tab by their letter; every other control as `\u00XX` (lower
    /// case); `/`, DEL and all else as they are (UTF-8).
    private mutating func appendString(_ s: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        var mark = 0
        for i in 0..<s.count {
            let b = s[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: s[mark..<i]))
            bytes.append(0x5C)
            switch b {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0x0F)]])
            }
            mark = i + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: s[mark...]))
        bytes.append(0x22)
    }
}

// MARK: The model, written

extension OpenData.JSONRoot {
    /// data.json's bytes.
    func json() -> [UInt8] {
        var w = JSONText(reserving: 1 << 20)
        write(&w)
        return w.bytes
    }

    func write(_ w: inout JSONText) {
        w.beginObject()
        w.key("calendar")
        w.beginArray()
        for d in calendar { d.write(&w) }
        w.endArray()
        w.key("commitments")
        w.beginArray()
        for c in commitments { c.write(&w) }
        w.endArray()
        w.key("generated_as_of"); w.string(generatedAsOf)
        w.key("ministries")
        w.beginArray()
        for m in ministries { m.write(&w) }
        w.endArray()
        w.key("plan"); plan.write(&w)
        w.key("rating_rule"); w.string(ratingRule)
        w.key("stale_after_days"); w.int(staleAfterDays)
        w.key("unreadable_commitments"); w.strings(unreadableCommitments)
        w.endObject()
    }
}

extension OpenData.JSONDeadline {
    func write(_ w: inout JSONText) {
        w.beginObject()
        if let delivered { w.key("delivered"); w.string(delivered) }
        w.key("due"); w.string(due)
        w.key("event"); w.string(event)
        w.endObject()
    }
}

extension OpenData.JSONPlan {
    func write(_ w: inout JSONText) {
        w.beginObject()
        w.key("country"); w.texts(country)
        w.key("end"); w.string(end)
        w.key("languages"); w.strings(languages)
        w.key("point_of_contact"); pointOfContact.write(&w)
        w.key("self_assessments"); w.texts(selfAssessments)
        w.key("start"); w.string(start)
        if let submitted { w.key("submitted"); w.string(submitted) }
        w.key("themes")
        w.beginArray()
        for t in themes {
            w.beginObject()
            w.key("id"); w.string(t.id)
            w.key("title"); w.texts(t.title)
            w.endObject()
        }
        w.endArray()
        w.key("title"); w.texts(title)
        w.key("year_group"); w.string(yearGroup)
        w.endObject()
    }
}

extension OpenData.JSONPerson {
    func write(_ w: inout JSONText) {
        w.beginObject()
        if let email { w.key("email"); w.string(email) }
        w.key("name"); w.string(name)
        if let organisation { w.key("organisation"); w.string(organisation) }
        if let phone { w.key("phone"); w.string(phone) }
        if let title { w.key("title"); w.texts(title) }
        w.endObject()
    }
}

extension OpenData.JSONCommitment {
    func write(_ w: inout JSONText) {
        w.beginObject()
        if let code { w.key("code"); w.string(code) }
        if let completion { w.key("completion"); w.string(completion) }
        w.key("conflicts")
        w.beginArray()
        for c in conflicts {
            w.beginObject()
            w.key("field"); w.string(c.field)
            w.key("kept"); w.string(c.kept)
            w.key("lost"); w.string(c.lost)
            if let lostAt = c.lostAt { w.key("lost_at"); w.string(lostAt) }
            if let lostBy = c.lostBy { w.key("lost_by"); w.string(lostBy) }
            w.endObject()
        }
        w.endArray()
        w.key("description")
        w.beginObject()
        if let t = description.commitment { w.key("commitment"); w.texts(t) }
        if let t = description.problem { w.key("problem"); w.texts(t) }
        if let t = description.relevance { w.key("relevance"); w.texts(t) }
        if let t = description.solution { w.key("solution"); w.texts(t) }
        w.endObject()
        w.key("draft"); w.bool(draft)
        w.key("end"); w.string(end)
        w.key("evidence")
        w.beginArray()
        for e in evidence {
            w.beginObject()
            if let added = e.added { w.key("added"); w.string(added) }
            if let file = e.file { w.key("file"); w.string(file) }
            w.key("id"); w.string(e.id)
            if let milestone = e.milestone { w.key("milestone"); w.string(milestone) }
            w.key("title"); w.texts(e.title)
            if let url = e.url { w.key("url"); w.string(url) }
            w.endObject()
        }
        w.endArray()
        w.key("id"); w.string(id)
        if let lastChange { w.key("last_change"); w.string(lastChange) }
        w.key("lead_agency"); w.string(leadAgency)
        w.key("milestones")
        w.beginArray()
        for m in milestones { m.write(&w) }
        w.endArray()
        if let nextSteps { w.key("next_steps"); w.texts(nextSteps) }
        w.key("number"); w.int(number)
        w.key("other_actors")
        w.beginObject()
        w.key("non_state"); w.strings(otherActors.nonState)
        w.key("state"); w.strings(otherActors.state)
        w.endObject()
        w.key("rating"); w.string(rating)
        if let results { w.key("results"); w.texts(results) }
        w.key("stale_translations"); w.strings(staleTranslations)
        w.key("start"); w.string(start)
        w.key("theme_texts")
        w.beginArray()
        for t in themeTexts { w.texts(t) }
        w.endArray()
        w.key("themes"); w.strings(themes)
        w.key("title"); w.texts(title)
        w.key("to_complete"); w.strings(toComplete)
        w.key("values"); w.strings(values)
        w.endObject()
    }
}

extension OpenData.JSONMilestone {
    func write(_ w: inout JSONText) {
        w.beginObject()
        w.key("activity"); w.texts(activity)
        if let actualEnd { w.key("actual_end"); w.string(actualEnd) }
        if let actualStart { w.key("actual_start"); w.string(actualStart) }
        if let code { w.key("code"); w.string(code) }
        w.key("completion"); w.string(completion)
        if let daysOverdue { w.key("days_overdue"); w.int(daysOverdue) }
        if let delayReason { w.key("delay_reason"); w.texts(delayReason) }
        w.key("end"); w.string(end)
        w.key("id"); w.string(id)
        if let leadAgency { w.key("lead_agency"); w.string(leadAgency) }
        w.key("start"); w.string(start)
        w.endObject()
    }
}

extension OpenData.JSONMinistry {
    func write(_ w: inout JSONText) {
        w.beginObject()
        w.key("commitments_led"); w.int(commitmentsLed)
        w.key("id"); w.string(id)
        w.key("kind"); w.string(kind)
        if let lastReport { w.key("last_report"); w.string(lastReport) }
        w.key("name"); w.texts(name)
        if let parent { w.key("parent"); w.string(parent) }
        w.key("stale"); w.bool(stale)
        w.endObject()
    }
}

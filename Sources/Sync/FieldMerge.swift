import Records

/// The three-way rules for one record, applied field by field; collects the conflicts it records.
///
/// Every primitive gets the base (the common ancestor), ours (this working copy) and theirs (the
/// hub). The rules are in docs/MERGE.md; in short: a change made on one side is taken, the same
/// change on both sides is taken once, and two different changes are a conflict that THEIRS wins
/// (what is already published stays) while our value is kept in a `FieldConflict`.
///
/// `.theirsWins` is the fallback mode used when a three-way result does not validate: the record
/// becomes theirs and every place where ours differs is recorded, so nothing is lost.
struct FieldMerge {
    enum Mode { case threeWay, theirsWins }

    /// Who wrote one side, for the `lost_by` / `lost_at` of a conflict that side lost.
    struct Side {
        var author: String?
        var time: String?
    }

    let mode: Mode
    let ours: Side
    let theirs: Side
    /// Conflicts recorded by this merge, in the order fields were visited (deterministic).
    private(set) var recorded: [FieldConflict] = []

    init(mode: Mode, ours: Side, theirs: Side) {
        self.mode = mode
        self.ours = ours
        self.theirs = theirs
    }

    /// The value that stands for "absent" in a conflict's `kept` / `lost`: YAML's null.
    static let absent = "~"

    mutating func record(_ field: String, kept: String, lost: String, loser: Side) {
        let c = FieldConflict(field: field, kept: kept, lost: lost, lostBy: loser.author, lostAt: loser.time)
        if !recorded.contains(c) { recorded.append(c) }
    }

    /// Forgets the conflicts recorded since `mark` (a merge attempt that is being replaced).
    mutating func rollback(to mark: Int) {
        recorded.removeSubrange(mark...)
    }

    // MARK: - Single values

    /// A required value. `base` is nil when there is no base record (added on both sides): then
    /// any difference is a conflict, since neither side can be said to have kept the original.
    mutating func value<T: Equatable>(_ field: String, base: T?, ours o: T, theirs t: T,
                                      render: (T) -> String) -> T {
        if o == t { return t }
        if mode == .threeWay, let base {
            if base == o { return t }
            if base == t { return o }
        }
        record(field, kept: render(t), lost: render(o), loser: ours)
        return t
    }

    /// An optional value: absent in a record and "no base record" are the same thing, so a value
    /// added on one side only is simply taken.
    mutating func optional<T: Equatable>(_ field: String, base: T?, ours o: T?, theirs t: T?,
                                         render: (T) -> String) -> T? {
        value(field, base: .some(base), ours: o, theirs: t) { $0.map(render) ?? FieldMerge.absent }
    }

    // MARK: - Lists of plain values

    /// A list of plain values merged like a set: additions from either side are kept, a value
    /// removed on one side is removed. Order: see `ordered`.
    mutating func set<T: Equatable>(_ field: String, base: [T]?, ours o: [T], theirs t: [T],
                                    reportOrder: Bool = true, render: (T) -> String) -> [T] {
        func listText(_ list: [T]) -> String { "[" + list.map(render).joined(separator: ", ") + "]" }
        if mode == .theirsWins {
            if reportOrder, o != t { record(field, kept: listText(t), lost: listText(o), loser: ours) }
            return t
        }
        let b = base ?? []
        var keep: [T] = []
        for x in t where !(b.contains(x) && !o.contains(x)) && !keep.contains(x) { keep.append(x) }
        for x in o where !t.contains(x) && !b.contains(x) && !keep.contains(x) { keep.append(x) }
        return ordered(field, base: base, ours: o, theirs: t, keep: keep, reportOrder: reportOrder, render: listText)
    }

    /// Orders merged items: theirs' order then ours' additions, unless only ours reordered the
    /// items both sides still have, in which case ours' order (then theirs' additions). When both
    /// reordered differently theirs' order wins and ours' order is recorded as a conflict on
    /// the list itself (the order of `languages` says which is the plan's own language).
    mutating func ordered<K: Equatable>(_ field: String, base: [K]?, ours o: [K], theirs t: [K], keep: [K],
                                        reportOrder: Bool, render: ([K]) -> String) -> [K] {
        let common = keep.filter { k in o.contains(k) && t.contains(k) && (base?.contains(k) ?? true) }
        let restrict: ([K]) -> [K] = { $0.filter { common.contains($0) } }
        let (ro, rt) = (restrict(o), restrict(t))
        var primary = t, secondary = o
        if ro != rt {
            if let base, restrict(base) == rt {
                (primary, secondary) = (o, t)
            } else if base.map({ restrict($0) != ro }) ?? true, reportOrder {
                record(field, kept: render(t), lost: render(o), loser: ours)
            }
        }
        var out: [K] = []
        for k in primary + secondary + keep where keep.contains(k) && !out.contains(k) { out.append(k) }
        return out
    }

    // MARK: - Lists of items with ids

    /// Items matched by key (`keys` gives each item's key, in list order). Items added on either
    /// side are kept; an item deleted on one side is deleted if the other left it unchanged, and
    /// kept (with a conflict recording the lost deletion) if the other side modified it. Items on
    /// both sides are merged field by field by `item` (base nil when added on both sides).
    mutating func keyed<T: Equatable>(_ field: String, base: [T]?, ours o: [T], theirs t: [T],
                                      keys: ([T]) -> [String], render: (T) -> String,
                                      item: (inout FieldMerge, String, T?, T, T) -> T) -> [T] {
        let bk = base.map(keys), ok = keys(o), tk = keys(t)
        func find(_ list: [T]?, _ listKeys: [String]?, _ k: String) -> T? {
            guard let list, let i = listKeys?.firstIndex(of: k) else { return nil }
            return list[i]
        }
        var merged: [String: T] = [:]
        var keep: [String] = []
        for k in tk + ok where !keep.contains(k) {
            let path = "\(field).\(k)"
            let (b, mine, hub) = (find(base, bk, k), find(o, ok, k), find(t, tk, k))
            var result: T?
            switch (mine, hub) {
            case let (mine?, hub?):
                result = item(&self, path, mode == .threeWay ? b : nil, mine, hub)
            case let (nil, hub?):
                if mode == .theirsWins {
                    record(path, kept: render(hub), lost: FieldMerge.absent, loser: ours)
                    result = hub
                } else if let b {
                    // Deleted here; kept only if the hub changed it meanwhile.
                    if b != hub {
                        record(path, kept: render(hub), lost: FieldMerge.absent, loser: ours)
                        result = hub
                    }
                } else {
                    result = hub
                }
            case let (mine?, nil):
                if mode == .theirsWins {
                    record(path, kept: FieldMerge.absent, lost: render(mine), loser: ours)
                } else if let b {
                    // Deleted on the hub; kept only if we changed it meanwhile.
                    if b != mine {
                        record(path, kept: render(mine), lost: FieldMerge.absent, loser: theirs)
                        result = mine
                    }
                } else {
                    result = mine
                }
            case (nil, nil):
                break
            }
            if let result {
                merged[k] = result
                keep.append(k)
            }
        }
        let order: [String]
        if mode == .theirsWins {
            // Theirs' items only; a different order of the items we share is recorded.
            order = ordered(field, base: nil, ours: ok.filter(tk.contains), theirs: tk, keep: keep,
                            reportOrder: true, render: FieldMerge.idList)
        } else {
            order = ordered(field, base: bk, ours: ok, theirs: tk, keep: keep, reportOrder: true, render: FieldMerge.idList)
        }
        return order.compactMap { merged[$0] }
    }

    static func idList(_ ids: [String]) -> String { "[" + ids.joined(separator: ", ") + "]" }

    /// Keys for items without ids that are matched by a name (persons): the name, and `name#2`,
    /// `name#3`… for later items with the same name, so every item has a distinct key.
    static func occurrenceKeys(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { name in
            let n = (seen[name] ?? 0) + 1
            seen[name] = n
            return n == 1 ? name : "\(name)#\(n)"
        }
    }
}

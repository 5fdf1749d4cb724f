/// Records of one kind in the order they were created, with lookup by code.
public struct RecordTable<Record: Equatable & Sendable>: Equatable, Sendable {
    public private(set) var all: [Record] = []
    /// Each record's stamp at the same place as the record, for the kinds a
    /// case file stamps (see `CaseFile.stamp(of:)`); empty for the others.
    /// Beside the records rather than in a dictionary of their own by code:
    /// that dictionary held a second copy of 157k codes over 1M events, 9 MB.
    public private(set) var stamps: [RecordStamp] = []
    private var positions: [String: Int] = [:]

    public init() {}

    /// The same records under the same codes; their stamps are the case file's to compare (see `CaseFile.==`).
    public static func == (a: RecordTable, b: RecordTable) -> Bool { a.all == b.all && a.positions == b.positions }

    /// A table holding `records` in this order, looked up by `code` (a later
    /// record with a code already used is left out, as `insert` does), with
    /// each record's stamp when `stamp` is given.
    public init(restoring records: [Record], code: (borrowing Record) -> String, stamp: ((borrowing Record) -> RecordStamp)? = nil) {
        positions.reserveCapacity(records.count)
        for index in records.indices where positions.updateValue(index, forKey: code(records[index])) != nil {
            // A code used twice (never in a snapshot this program wrote): keep the first, as `insert` does.
            self = RecordTable()
            for record in records { insert(record, code: code(record), stamp: stamp?(record)) }
            return
        }
        all = records
        if let stamp { stamps = records.map { stamp($0) } }
    }

    public var count: Int { all.count }

    public subscript(code: String) -> Record? {
        positions[code].map { all[$0] }
    }

    /// The records whose stamp passes `test`, in order: each stamp read beside
    /// its record, none looked up by code, and no record copied that fails it.
    /// None for a kind the case file does not stamp.
    public func records(stamped test: (RecordStamp) -> Bool) -> [Record] {
        var picked: [Record] = []
        for position in stamps.indices where test(stamps[position]) { picked.append(all[position]) }
        return picked
    }

    /// Where the record with this code stands in `all`.
    public func index(of code: String) -> Int? { positions[code] }

    public func contains(_ code: String) -> Bool { !all.isEmpty && positions[code] != nil }

    mutating func reserveCapacity(_ count: Int) {
        all.reserveCapacity(count)
        positions.reserveCapacity(count)
    }

    /// Adds the record, with its stamp in a stamped table, unless its code is taken (looking the code up once).
    mutating func insert(_ record: Record, code: String, stamp: RecordStamp? = nil) {
        let next = all.count
        if Self.claim(&positions[code, default: -1], for: next) {
            all.append(record)
            if let stamp { stamps.append(stamp) }
        }
    }

    /// The stamp of the record with this code, in a stamped table.
    public func stamp(of code: String) -> RecordStamp? {
        guard !stamps.isEmpty, let position = positions[code] else { return nil }
        return stamps[position]
    }

    /// Changes the stamp at `position` (see `index(of:)`) in place.
    mutating func updateStamp(at position: Int, _ change: (inout RecordStamp) -> Void) {
        change(&stamps[position])
    }

    private static func claim(_ slot: inout Int, for position: Int) -> Bool {
        guard slot == -1 else { return false }
        slot = position
        return true
    }

    mutating func update(_ code: String, _ change: (inout Record) -> Void) {
        guard let position = positions[code] else { return }
        change(&all[position])
    }
}

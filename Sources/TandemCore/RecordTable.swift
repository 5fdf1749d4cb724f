/// Records of one kind in the order they were created, with lookup by code.
public struct RecordTable<Record: Equatable & Sendable>: Equatable, Sendable {
    public private(set) var all: [Record] = []
    private var positions: [String: Int] = [:]

    public init() {}

    /// A table holding `records` in this order, looked up by `code` (a later
    /// record with a code already used is left out, as `insert` does).
    public init(restoring records: [Record], code: (borrowing Record) -> String) {
        positions.reserveCapacity(records.count)
        for index in records.indices where positions.updateValue(index, forKey: code(records[index])) != nil {
            // A code used twice (never in a snapshot this program wrote): keep the first, as `insert` does.
            self = RecordTable()
            for record in records { insert(record, code: code(record)) }
            return
        }
        all = records
    }

    public var count: Int { all.count }

    public subscript(code: String) -> Record? {
        positions[code].map { all[$0] }
    }

    /// Where the record with this code stands in `all`.
    public func index(of code: String) -> Int? { positions[code] }

    public func contains(_ code: String) -> Bool { !all.isEmpty && positions[code] != nil }

    mutating func reserveCapacity(_ count: Int) {
        all.reserveCapacity(count)
        positions.reserveCapacity(count)
    }

    /// Adds the record unless its code is taken (looking the code up once).
    mutating func insert(_ record: Record, code: String) {
        let next = all.count
        if Self.claim(&positions[code, default: -1], for: next) { all.append(record) }
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

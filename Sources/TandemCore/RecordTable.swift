/// Records of one kind in the order they were created, with lookup by code.
public struct RecordTable<Record: Equatable & Sendable>: Equatable, Sendable {
    public private(set) var all: [Record] = []
    private var positions: [String: Int] = [:]

    public init() {}

    public var count: Int { all.count }

    public subscript(code: String) -> Record? {
        positions[code].map { all[$0] }
    }

    public func contains(_ code: String) -> Bool { positions[code] != nil }

    mutating func insert(_ record: Record, code: String) {
        guard positions[code] == nil else { return }
        positions[code] = all.count
        all.append(record)
    }

    mutating func update(_ code: String, _ change: (inout Record) -> Void) {
        guard let position = positions[code] else { return }
        change(&all[position])
    }
}

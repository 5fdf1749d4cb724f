import TandemCore

/// Why a journal line could not be read as an event.
public struct DecodeFailure: Error, Equatable, Sendable {
    public var reason: String
}

/// Reads typed fields out of a JSON object, naming the field when one is
/// missing or malformed.
struct PayloadReader {
    let value: JSONValue

    init(_ value: JSONValue) throws(DecodeFailure) {
        guard case .object = value else { throw DecodeFailure(reason: "payload is not an object") }
        self.value = value
    }

    private func field(_ key: String) throws(DecodeFailure) -> JSONValue {
        guard let v = value[key] else { throw DecodeFailure(reason: "missing field \"\(key)\"") }
        return v
    }

    func string(_ key: String) throws(DecodeFailure) -> String {
        guard case .string(let s) = try field(key) else { throw DecodeFailure(reason: "\"\(key)\" is not a string") }
        return s
    }

    func optionalString(_ key: String) throws(DecodeFailure) -> String? {
        guard let v = value[key], v != .null else { return nil }
        guard case .string(let s) = v else { throw DecodeFailure(reason: "\"\(key)\" is not a string") }
        return s
    }

    func strings(_ key: String) throws(DecodeFailure) -> [String] {
        guard case .array(let items) = try field(key) else { throw DecodeFailure(reason: "\"\(key)\" is not a list") }
        var result: [String] = []
        for item in items {
            guard case .string(let s) = item else { throw DecodeFailure(reason: "\"\(key)\" holds a non-string") }
            result.append(s)
        }
        return result
    }

    func int(_ key: String) throws(DecodeFailure) -> Int {
        guard case .int(let n) = try field(key) else { throw DecodeFailure(reason: "\"\(key)\" is not a whole number") }
        return Int(n)
    }

    func bool(_ key: String) throws(DecodeFailure) -> Bool {
        guard case .bool(let b) = try field(key) else { throw DecodeFailure(reason: "\"\(key)\" is not true or false") }
        return b
    }

    func term<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(DecodeFailure) -> T where T.RawValue == String {
        let raw = try string(key)
        guard let t = T(rawValue: raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown value \"\(raw)\"") }
        return t
    }

    func terms<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(DecodeFailure) -> [T] where T.RawValue == String {
        var result: [T] = []
        for raw in try strings(key) {
            guard let t = T(rawValue: raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown value \"\(raw)\"") }
            result.append(t)
        }
        return result
    }

    func country(_ key: String) throws(DecodeFailure) -> CountryCode {
        let raw = try string(key)
        guard let c = CountryCode(raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown country \"\(raw)\"") }
        return c
    }

    func countries(_ key: String) throws(DecodeFailure) -> [CountryCode] {
        var result: [CountryCode] = []
        for raw in try strings(key) {
            guard let c = CountryCode(raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown country \"\(raw)\"") }
            result.append(c)
        }
        return result
    }

    func timestamp(_ key: String) throws(DecodeFailure) -> Timestamp {
        let raw = try string(key)
        guard let t = Timestamp(iso8601: raw) else { throw DecodeFailure(reason: "\"\(key)\" is not a UTC time") }
        return t
    }

    func optionalTimestamp(_ key: String) throws(DecodeFailure) -> Timestamp? {
        guard let raw = try optionalString(key) else { return nil }
        guard let t = Timestamp(iso8601: raw) else { throw DecodeFailure(reason: "\"\(key)\" is not a UTC time") }
        return t
    }

    func day(_ key: String) throws(DecodeFailure) -> Day {
        let raw = try string(key)
        guard let d = Day(iso8601: raw) else { throw DecodeFailure(reason: "\"\(key)\" is not a date") }
        return d
    }
}

extension JSONValue {
    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
    static func terms<T: RawRepresentable>(_ values: [T]) -> JSONValue where T.RawValue == String {
        .array(values.map { .string($0.rawValue) })
    }
    static func countries(_ values: [CountryCode]) -> JSONValue { .array(values.map { .string($0.code) }) }
}

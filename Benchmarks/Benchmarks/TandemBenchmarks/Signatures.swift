import Crypto
import Dispatch
import Foundation
import TandemJournal

/// The yardstick for `tandem verify` on a signed journal: Ed25519 verification
/// alone of the same signatures, over the same messages with the same keys, on
/// every core, with nothing else done (no reading, chain, JSON or roster).
struct SignatureFloor: @unchecked Sendable {
    var keys: [Curve25519.Signing.PublicKey]
    var messages: [[UInt8]]
    var signatures: [[UInt8]]
    var keyIndex: [Int]

    /// Every signed line's bytes up to `,"sig"`, its signature and its actor's key (by the keys `keys` gives).
    init(journal path: String, keys officers: [String: OfficerKey]) {
        let names = officers.keys.sorted()
        keys = names.map { officers[$0]!.publicKey }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let bytes = Array(FileManager.default.contents(atPath: path)!)
        let sigKey = Array(#","sig":""#.utf8), actorKey = Array(#""actor":""#.utf8)
        (messages, signatures, keyIndex) = ([], [], [])
        var start = 0
        while let end = bytes[start...].firstIndex(of: 0x0A) {
            let line = bytes[start..<end]
            if let at = Self.find(sigKey, in: line), let actorAt = Self.find(actorKey, in: line) {
                let nameStart = actorAt + actorKey.count
                let name = String(decoding: line[nameStart..<line[nameStart...].firstIndex(of: UInt8(ascii: "\""))!], as: UTF8.self)
                let text = line[(at + sigKey.count)..<(at + sigKey.count + 88)]
                messages.append(Array(line[..<at]))
                signatures.append(Array(Data(base64Encoded: Data(text))!))
                keyIndex.append(index[name]!)
            }
            start = end + 1
        }
    }

    static func find(_ needle: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        var at = line.startIndex
        while at + needle.count <= line.endIndex {
            if line[at] == needle[0], line[at..<(at + needle.count)].elementsEqual(needle) { return at }
            at += 1
        }
        return nil
    }

    /// Verifies them all, split evenly over every core; returns how many held.
    func verifyAll() -> Int {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let slice = (messages.count + cores - 1) / cores
        let held = UnsafeMutableBufferPointer<Int>.allocate(capacity: cores)
        held.initialize(repeating: 0)
        defer { held.deallocate() }
        let box = Box((self, held))
        DispatchQueue.concurrentPerform(iterations: cores) { core in
            let (floor, held) = box.value
            for i in (core * slice)..<min(floor.messages.count, (core + 1) * slice)
            where floor.keys[floor.keyIndex[i]].isValidSignature(floor.signatures[i], for: floor.messages[i]) {
                held[core] += 1
            }
        }
        return held.reduce(0, +)
    }

    private final class Box<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}

import Crypto
import Foundation
import TandemCore

/// Where a journal stood, signed by an officer, to keep elsewhere or send to a
/// partner: a journal cut back, or replaced by an older copy, is caught against
/// it, which no chain can see from inside. Written as a signed note in the style
/// of C2SP's: an origin line, the body, a blank line, and a signature line
/// `— NAME BASE64(key ID ‖ Ed25519 signature)` over the text before the blank line's end.
public struct Checkpoint: Equatable, Sendable {
    public var journalID: String
    public var sequence: Int
    /// The SHA-256 (hex) of the line numbered `sequence`.
    public var headHash: String
    public var time: Timestamp
    public var signer: String

    public init(journalID: String, sequence: Int, headHash: String, time: Timestamp, signer: String) {
        self.journalID = journalID
        self.sequence = sequence
        self.headHash = headHash
        self.time = time
        self.signer = signer
    }

    /// The signed text: the note's body, ending in a newline.
    var body: String { "tandem/\(journalID)\n\(sequence)\n\(headHash)\n\(time.iso8601)\n" }

    /// The note's key ID: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), as C2SP has for Ed25519.
    static func keyID(name: String, publicKey: Data) -> Data {
        Data(SHA256.hash(data: Data(name.utf8) + [0x0A, 0x01] + publicKey).prefix(4))
    }

    /// The whole note, signed with the officer's key.
    public func note(signedWith key: OfficerKey) throws -> String {
        let signature = try key.privateKey.signature(for: Data(body.utf8))
        let blob = Checkpoint.keyID(name: signer, publicKey: key.publicKey.rawRepresentation) + signature
        return body + "\n— \(signer) \(blob.base64EncodedString())\n"
    }

    /// Reads a note: its checkpoint and the signature bytes, or why it is not one.
    public static func parse(_ text: String) throws(CheckpointError) -> (Checkpoint, signature: Data) {
        let parts = text.components(separatedBy: "\n\n")
        guard parts.count == 2 else { throw .malformed("it is not a signed note (a body, a blank line, a signature)") }
        let lines = parts[0].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 4, lines[0].hasPrefix("tandem/"), let sequence = Int(lines[1]), sequence >= 0,
              lines[2].utf8.count == 64, let time = Timestamp(iso8601: lines[3])
        else { throw .malformed("its body is not tandem/ID, a sequence number, a hash and a time") }
        let signatureLine = parts[1].trimmingCharacters(in: .newlines)
        let fields = signatureLine.split(separator: " ").map(String.init)
        guard fields.count == 3, fields[0] == "—", let blob = Data(base64Encoded: fields[2]), blob.count == 4 + 64 else {
            throw .malformed("its signature line is not \"— NAME SIGNATURE\"")
        }
        let checkpoint = Checkpoint(journalID: String(lines[0].dropFirst(7)), sequence: sequence, headHash: lines[2], time: time, signer: fields[1])
        return (checkpoint, blob)
    }

    /// Whether the signature is the signer's, under this public key.
    public func isSigned(by publicKey: Data, signature blob: Data) -> Bool {
        guard blob.prefix(4) == Checkpoint.keyID(name: signer, publicKey: publicKey),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(blob.dropFirst(4), for: Data(body.utf8))
    }
}

public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    public var description: String { switch self { case .malformed(let why): "not a Tandem checkpoint: \(why)" } }
}

extension Checkpoint {
    /// The sequence number and hash of the journal line numbered `sequence` (the
    /// last line when nil) in a journal file's bytes; nil when there is none. Only
    /// the line found is hashed; the last is found from the end of the file.
    public static func line(numbered sequence: Int?, in bytes: UnsafeBufferPointer<UInt8>) -> (sequence: Int, hash: String)? {
        if sequence == nil {
            // Back from the last newline to the one before it: the last whole line.
            guard var end = bytes.lastIndex(of: 0x0A) else { return nil }
            while end > 0 {
                var start = end
                while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
                if let number = eventNumber(bytes, start, end) { return (number, JournalLine.hash(ArraySlice(bytes[start..<end]))) }
                end = start - 1   // the header, or a line that is not an event: look before it
            }
            return nil
        }
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            if end < bytes.count, eventNumber(bytes, start, end) == sequence { return (sequence!, JournalLine.hash(ArraySlice(bytes[start..<end]))) }
            start = end + 1
        }
        return nil
    }

    /// The sequence number an event line between `start` and `end` begins with.
    private static func eventNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let prefix = #"{"seq":"#.utf8
        guard end - start > prefix.count, bytes[start..<(start + prefix.count)].elementsEqual(prefix) else { return nil }
        var at = start + prefix.count, number = 0
        while at < end, bytes[at] >= 0x30, bytes[at] <= 0x39, at - start < 26 { number = number * 10 + Int(bytes[at] - 0x30); at += 1 }
        return at > start + prefix.count ? number : nil
    }
}

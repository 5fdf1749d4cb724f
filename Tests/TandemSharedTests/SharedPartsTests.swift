import Foundation
import Testing
import TandemCore
@testable import TandemJournal
@testable import TandemShared
import TestSupport

/// The shared journal's parts that need no server: addresses, the file of
/// changes kept offline, and a copy's unfinished last line.
struct SharedPartsTests {
    @Test func anAddressIsReadWithItsPasswordNeverShown() throws {
        let address = try SharedAddress(url: "postgres://s.fernando:se%40cret@db.unit.example:6543/jpa")
        #expect(address.user == "s.fernando")
        #expect(address.password == "se@cret")
        #expect(address.host == "db.unit.example")
        #expect(address.port == 6543)
        #expect(address.database == "jpa")
        #expect(!address.isLoopback)
        #expect(address.description == "postgres://s.fernando@db.unit.example:6543/jpa")
        let local = try SharedAddress(url: "postgresql://liaison@[::1]/unit", environment: ["PGPASSWORD": "p"])
        #expect(local.host == "::1" && local.port == 5432 && local.isLoopback && local.password == "p")
        #expect(try SharedAddress(url: "postgres://x@127.0.0.1/db").isLoopback)
        #expect(try !SharedAddress(url: "postgres://x@127.0.0.1/db?sslmode=disable").usesTLS)
        #expect(try SharedAddress(url: "postgres://x@127.0.0.1/db?sslmode=verify-full").usesTLS)
        let certified = try SharedAddress(url: "postgres://x@127.0.0.1/db?sslcert=/k/x.crt&sslkey=/k/x.key&sslrootcert=/k/root.crt")
        #expect(certified.usesTLS && certified.certificate == "/k/x.crt" && certified.key == "/k/x.key" && certified.rootCertificate == "/k/root.crt")
    }

    @Test(arguments: [
        ("mysql://u@h/db", "must start with postgres://"),
        ("postgres://h:5432/db", "names no user"),
        ("postgres://u@h", "names no database"),
        ("postgres://u@h:99999/db", "the port must be a number from 1 to 65535"),
        ("postgres://u:secret@/db", "names no host"),
        ("postgres://u@h/db?sslcert=/k/u.crt", "sslcert and sslkey go together"),
        ("postgres://u@h/db?sslmode=disable", "sslmode=disable is for this machine only"),
        ("postgres://u@h/db?sslmode=prefer", "sslmode may be verify-full"),
        ("postgres://u@h/db?application_name=x", "application_name is not a setting Tandem reads"),
        ("postgres://u@h/db?sslrootcert", "sslrootcert needs a value"),
    ])
    func aBadAddressIsRefusedSayingWhatIsWrong(url: String, reason: String) {
        #expect {
            try SharedAddress(url: url)
        } throws: { error in
            let text = "\(error)"
            return text.contains(reason) && text.hasPrefix("--shared") && !text.contains("secret")
        }
    }

    @Test func changesKeptOfflineReadBackAndAnUnfinishedLastOneIsNotRead() throws {
        let folder = TemporaryDirectory()
        let copy = folder.file("copy.jsonl")
        let pending = PendingChanges(beside: copy)
        let time = Timestamp(secondsSinceEpoch: 1_800_000_000)
        let first = PendingChange(id: UUID(), events: [Event(time: time, actor: "s.fernando", change: .noteAdded(entity: "NET-7KQ2", text: "a note\nover two lines \"quoted\""))])
        let second = PendingChange(id: UUID(), events: [
            Event(time: time, actor: "s.fernando", change: .noteAdded(entity: "NET-7KQ2", text: "one")),
            Event(time: time, actor: "s.fernando", change: .noteAdded(entity: "NET-3HXB", text: "two"), reason: "why"),
        ])
        try pending.add(first)
        try pending.add(second)
        #expect(fileMode(PendingChanges.path(beside: copy)) & 0o777 == 0o600)
        #expect(PendingChanges(beside: copy).changes == [first, second])
        // The laptop stopped part way through writing a third: it was never said to be kept, and is not read.
        var bytes = readBytes(PendingChanges.path(beside: copy))
        let third = PendingChanges.encode(PendingChange(id: UUID(), events: first.events))
        bytes += third.dropLast(10)
        writeBytes(PendingChanges.path(beside: copy), bytes)
        #expect(PendingChanges(beside: copy).changes == [first, second])
        try pending.remove(first.id)
        #expect(PendingChanges(beside: copy).changes == [second])
        try pending.remove(second.id)
        #expect(PendingChanges.count(beside: copy) == 0)
        #expect(!FileManager.default.fileExists(atPath: PendingChanges.path(beside: copy)))
    }

    @Test func aCopysUnfinishedLastLineIsCutAndAWholeOneIsKept() throws {
        let folder = TemporaryDirectory()
        let copy = folder.copyOfSample(named: "copy.jsonl")
        let whole = readBytes(copy)
        #expect(try Journal.cutUnfinishedLine(at: copy) == 0)
        let unfinished = Array("{\"seq\":489,\"time\":\"20".utf8)
        writeBytes(copy, whole + unfinished)
        #expect(try Journal.cutUnfinishedLine(at: copy) == unfinished.count)
        #expect(readBytes(copy) == whole)
    }

    @Test func aCommitIdIsARandomVersionFourUUID() {
        var ids = Set<UUID>()
        for _ in 0..<1_000 {
            let id = UUID.randomCommitID()
            let text = id.uuidString
            // xxxxxxxx-xxxx-4xxx-[89AB]xxx-xxxxxxxxxxxx: read back by PostgreSQL's uuid type and by the pending file.
            #expect(Array(text)[14] == "4")
            #expect("89AB".contains(Array(text)[19]))
            #expect(UUID(uuidString: text) == id)
            ids.insert(id)
        }
        #expect(ids.count == 1_000)
        var zeros = Words(words: [0, 0])
        #expect(UUID.randomCommitID(using: &zeros).uuidString == "00000000-0000-4000-8000-000000000000")
        var ones = Words(words: [.max, .max])
        #expect(UUID.randomCommitID(using: &ones).uuidString == "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF")
        var counting = Words(words: [0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908])
        #expect(UUID.randomCommitID(using: &counting).uuidString == "00010203-0405-4607-8809-0A0B0C0D0E0F")
    }
}

/// Hands out the words it was given, in order.
private struct Words: RandomNumberGenerator {
    var words: [UInt64]
    mutating func next() -> UInt64 { words.removeFirst() }
}

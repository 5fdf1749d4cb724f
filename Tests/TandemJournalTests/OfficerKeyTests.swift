import Crypto
import Foundation
import TandemCore
import TestSupport
import Testing
@testable import TandemJournal

/// An officer's key: made into a private folder, shown as its public half, sealed
/// with a passphrase that a wrong one cannot open, and never replaced.
@Suite struct OfficerKeyTests {
    @Test func aKeyIsMadePrivateAndItsPublicHalfIsShownWithoutThePassphrase() throws {
        let dir = TemporaryDirectory()
        let folder = KeyFolder(path: dir.file("keys"))
        let key = OfficerKey(user: "k.perera")
        let file = try folder.save(key, passphrase: nil)
        #expect(file == dir.file("keys/k.perera.key"))
        #expect(fileMode(file) == 0o600 && fileMode(dir.file("keys")) == 0o700)
        let text = try folder.read(for: "k.perera")
        #expect(try OfficerKey.publicKey(inFile: text, path: file) == key.publicKey.rawRepresentation)
        #expect(key.publicText.hasPrefix("ed25519:") && key.publicText.count == 8 + 44)
        #expect(key.fingerprint.split(separator: "-").map(\.count) == [4, 4, 4, 4, 4])
        let opened = try OfficerKey.open(text, path: file, passphrase: nil)
        #expect(opened.publicKey.rawRepresentation == key.publicKey.rawRepresentation)
        // It signs, and the public half checks the signature.
        let signature = try opened.privateKey.signature(for: Array("line".utf8))
        #expect(key.publicKey.isValidSignature(signature, for: Array("line".utf8)))
        // Never replaced.
        #expect(throws: KeyError.exists(path: file)) { try folder.save(OfficerKey(user: "k.perera"), passphrase: nil) }
        #expect(throws: KeyError.missing(user: "liaison", path: dir.file("keys/liaison.key"))) { try folder.read(for: "liaison") }
    }

    @Test func aPassphraseSealsThePrivateKeyAndAWrongOneIsAClearError() throws {
        let dir = TemporaryDirectory()
        let folder = KeyFolder(path: dir.file("keys"))
        let key = OfficerKey(user: "liaison")
        let file = try folder.save(key, passphrase: "correct horse battery staple")
        let text = try folder.read(for: "liaison")
        #expect(!text.contains(key.privateKey.rawRepresentation.base64EncodedString()), "the private key is not in clear")
        #expect(try OfficerKey.needsPassphrase(text, path: file))
        #expect(try OfficerKey.publicKey(inFile: text, path: file) == key.publicKey.rawRepresentation)
        #expect(try OfficerKey.open(text, path: file, passphrase: "correct horse battery staple").privateKey.rawRepresentation
                == key.privateKey.rawRepresentation)
        #expect(throws: KeyError.wrongPassphrase(path: file)) { try OfficerKey.open(text, path: file, passphrase: "wrong") }
        #expect(throws: KeyError.passphraseNeeded(path: file)) { try OfficerKey.open(text, path: file, passphrase: nil) }
        #expect(KeyError.wrongPassphrase(path: file).description == "the passphrase does not open \(file) (or the file was changed).")
    }

    @Test func aKeyFileOthersCanReadOrALinkIsRefused() throws {
        let dir = TemporaryDirectory()
        let folder = KeyFolder(path: dir.file("keys"))
        let file = try folder.save(OfficerKey(user: "k.perera"), passphrase: nil)
        chmod(file, 0o644)
        #expect(throws: KeyError.exposed(path: file, mode: "644")) { try folder.read(for: "k.perera") }
        #expect(KeyError.exposed(path: file, mode: "644").description
            == "\(file) is not safe to use: others may read it (mode 644); to close it, run: chmod 600 \(file)")
        #expect(KeyError.exposed(path: "keys/o'brien.key", mode: "640").description.hasSuffix(
            "; to close it, run: chmod 600 '\(FileIO.absolute("keys"))/o'\\''brien.key'"))
        chmod(file, 0o600)
        symlink(file, dir.file("keys/other.key"))
        #expect(throws: KeyError.self) { try folder.read(for: "other") }
        // A public key changed in the file no longer matches its private key.
        let text = try folder.read(for: "k.perera")
        let forged = text.replacingOccurrences(of: OfficerKey.publicText(try OfficerKey.publicKey(inFile: text, path: file)),
                                               with: OfficerKey(user: "x").publicText)
        #expect(throws: KeyError.unreadable(path: file, reason: "its public key is not the private key's")) {
            try OfficerKey.open(forged, path: file, passphrase: nil)
        }
    }
}

/// `--user NAME` writes only with NAME's key once the roster holds keys.
@Suite struct KeyGateTests {
    private func problem(_ result: Result<OfficerKey?, KeyGateRefusal>) -> String? {
        if case .failure(let refusal) = result { return refusal.description }
        return nil
    }

    @Test func anOfficerWhoseKeyIsOnTheRosterWritesOnlyWithIt() throws {
        let dir = TemporaryDirectory()
        let folder = KeyFolder(path: dir.file("keys"))
        let key = OfficerKey(user: "k.perera")
        _ = try folder.save(key, passphrase: "open sesame")
        func roster(_ users: [User]) -> KeyRoster { KeyRoster(users) }
        // No key on the roster: nothing to hold (a unit not signing yet).
        let unsigned = roster([User(name: "k.perera", displayName: "K", role: .supervisor)])
        #expect(try KeyGate.open(for: "k.perera", roster: unsigned, folder: folder, passphrase: { nil }).get() == nil)
        let signing = roster([User(name: "k.perera", displayName: "K", role: .supervisor, publicKey: key.publicText),
                              User(name: "duty.lo", displayName: "D", role: .liaisonOfficer)])
        #expect(try KeyGate.open(for: "k.perera", roster: signing, folder: folder, passphrase: { "open sesame" }).get()?.publicText == key.publicText)
        #expect(problem(KeyGate.open(for: "k.perera", roster: signing, folder: folder, passphrase: { "guess" }))
                == "k.perera must hold their key to write here: the passphrase does not open \(folder.file(for: "k.perera")) (or the file was changed).")
        let replaced = roster([User(name: "k.perera", displayName: "K", role: .supervisor, publicKey: OfficerKey(user: "k.perera").publicText)])
        #expect(problem(KeyGate.open(for: "k.perera", roster: replaced, folder: folder, passphrase: { "open sesame" }))?
                .hasPrefix("the key in \(folder.file(for: "k.perera")) is not the one the roster holds for k.perera") == true)
        // Someone passing --user k.perera on another account has no key at all.
        let elsewhere = KeyFolder(path: dir.file("other"))
        #expect(problem(KeyGate.open(for: "k.perera", roster: signing, folder: elsewhere, passphrase: { nil }))?
                .contains("no key for k.perera") == true)
        // Once the unit signs, an officer the roster holds no key for may only read.
        #expect(problem(KeyGate.open(for: "duty.lo", roster: signing, folder: folder, passphrase: { nil }))?
                .contains("the roster holds no key for duty.lo") == true)
    }
}

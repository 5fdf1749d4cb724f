import Foundation
import TandemCore
import TandemJournal
import TandemSample

/// The sample officers' keys, by user name: what signs the sample scenario's commits.
public let sampleSigners: [String: OfficerKey] = {
    var keys: [String: OfficerKey] = [:]
    for event in SampleScenario.events() {
        if case .userAdded(let user) = event.change {
            keys[user.name] = OfficerKey(user: user.name, privateKey: SampleKeys.privateKey(for: user.name))
        }
    }
    return keys
}()

/// A keys folder holding the sample officers' keys (unsealed, 0600 in a 0700
/// folder), made once per test process: what `tandem` finds as `$TANDEM_KEYS`
/// in the processes the tests run.
public let sampleKeysFolder: String = {
    let path = NSTemporaryDirectory() + "tandem-sample-keys-\(getpid())"
    let folder = KeyFolder(path: path)
    for key in sampleSigners.values { _ = try? folder.save(key, passphrase: nil) }
    return path
}()

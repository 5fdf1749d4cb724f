import Foundation
import TandemCore
import TandemJournal
import TandemSample

/// The sample officers' keys, by user name: what signs the sample scenario's commits.
public let sampleSigners = Dictionary(uniqueKeysWithValues: SampleScenario.officers.map {
    ($0, OfficerKey(user: $0, privateKey: SampleKeys.privateKey(for: $0)))
})

/// A keys folder holding the sample officers' keys (unsealed, 0600 in a 0700
/// folder), made once per test process: what `tandem` finds as `$TANDEM_KEYS`
/// in the processes the tests run. Removed when the test process ends.
public let sampleKeysFolder: String = {
    let path = NSTemporaryDirectory() + "tandem-sample-keys-\(getpid())"
    let folder = KeyFolder(path: path)
    for key in sampleSigners.values { _ = try? folder.save(key, passphrase: nil) }
    atexit { try? FileManager.default.removeItem(atPath: sampleKeysFolder) }
    return path
}()

/// The config folder (`$XDG_CONFIG_HOME`) of the processes the tests run, made once per
/// test process and empty at first: no developer's settings reach a test (a test may name another).
/// Removed when the test process ends.
public let testConfigHome: String = {
    let path = NSTemporaryDirectory() + "tandem-test-config-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    atexit { try? FileManager.default.removeItem(atPath: testConfigHome) }
    return path
}()

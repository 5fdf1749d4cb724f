import Crypto
import Foundation

/// The sample officers' signing keys. Each is derived from the officer's name,
/// so the sample journal, its signatures included, is the same every time it is
/// written (Ed25519 signing is deterministic). Anyone can derive them: they are
/// for the demo and the walkthrough, never for real casework.
public enum SampleKeys {
    public static func privateKey(for user: String) -> Curve25519.Signing.PrivateKey {
        let seed = SHA256.hash(data: Array("Tandem sample key, not for real use: \(user)".utf8))
        // 32 bytes always make an Ed25519 private key.
        return try! Curve25519.Signing.PrivateKey(rawRepresentation: Array(seed))
    }

    /// `ed25519:BASE64`, as the roster holds it.
    public static func publicText(for user: String) -> String {
        "ed25519:" + privateKey(for: user).publicKey.rawRepresentation.base64EncodedString()
    }
}

import Foundation
import Testing
import TandemCore
@testable import TandemShared
import TestSupport

/// An officer who logs in with a client certificate, over TLS, to a server of
/// its own that takes nothing else for that role.
@Suite(.serialized, .enabled(if: PostgresServer.unavailable == nil, "\(PostgresServer.unavailable ?? "")"))
struct SharedTLSTests {
    /// An authority, the server's certificate (for localhost) and j.santos's, made with openssl.
    struct Certificates {
        let folder: String
        var authority: String { folder + "/root.crt" }
        var officer: String { folder + "/j.santos.crt" }
        var officerKey: String { folder + "/j.santos.key" }
        func read(_ name: String) throws -> String { try String(contentsOfFile: folder + "/" + name, encoding: .utf8) }

        init(in folder: String) throws {
            self.folder = folder
            func openssl(_ arguments: [String]) throws {
                let run = try runProcess(["/usr/bin/openssl"] + arguments, directory: folder)
                guard run.status == 0 else { throw ProcessFailure(description: "openssl \(arguments.joined(separator: " ")): \(run.output)") }
            }
            try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                         "-subj", "/CN=Tandem test authority", "-keyout", "root.key", "-out", "root.crt"])
            for (name, extra) in [("server", ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]), ("j.santos", [])] {
                try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-subj", "/CN=\(name == "server" ? "localhost" : name)", "-keyout", "\(name).key", "-out", "\(name).csr"] + extra)
                try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "root.crt", "-CAkey", "root.key", "-CAcreateserial",
                             "-days", "2", "-copy_extensions", "copy", "-out", "\(name).crt"])
            }
        }
    }

    @Test func anOfficerWithAClientCertificateGetsInAndNobodyElseDoesAsThatOfficer() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let folder = TemporaryDirectory()
        let certificates = try Certificates(in: folder.path)
        try server.configure(
            files: ["server.crt": try certificates.read("server.crt"), "server.key": try certificates.read("server.key"),
                    "root.crt": try certificates.read("root.crt")],
            settings: ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'", "ssl_ca_file = 'root.crt'"],
            access: ["hostssl all j.santos 127.0.0.1/32 cert", "hostssl all j.santos ::1/128 cert",
                     "host all j.santos 127.0.0.1/32 reject", "host all j.santos ::1/128 reject"])
        let database = try server.newDatabase()
        let journal = folder.copyOfSample()
        let made = try runProcess([tandemBinary(), "shared", "init", "--shared", server.url(database: database), "--from", journal])
        #expect(made.status == 0, "\(made.output)")

        let base = "postgres://j.santos@localhost:\(server.port)/\(database)"
        let withCertificate = try SharedAddress(url: "\(base)?sslrootcert=\(certificates.authority)&sslcert=\(certificates.officer)&sslkey=\(certificates.officerKey)")
        #expect(withCertificate.usesTLS)
        let ids = try SharedLink(address: withCertificate, patience: 10).journalIDs()
        #expect(ids.count == 1)

        func refusal(_ url: String) throws -> String {
            do {
                _ = try SharedLink(address: try SharedAddress(url: url), patience: 10).journalIDs()
                return "let in"
            } catch { return error.description }
        }
        // Without the certificate: refused, over TLS or not.
        let plain = try refusal(base)
        #expect(plain.contains("pg_hba.conf rejects"), "\(plain)")
        let noCertificate = try refusal("\(base)?sslmode=verify-full&sslrootcert=\(certificates.authority)")
        #expect(noCertificate.contains("certificate"), "\(noCertificate)")
        // A server whose certificate the officer's authority did not sign is not trusted.
        let untrusted = try refusal("\(base)?sslcert=\(certificates.officer)&sslkey=\(certificates.officerKey)")
        #expect(untrusted.contains("not signed by an authority this laptop trusts"), "\(untrusted)")
    }
}

import Testing

@testable import HTTPTransport

@Suite struct TLSTests {
    @Test func verificationFailsWithoutTheCA() async throws {
        let certificate = try await TestCertificate.make(commonName: "127.0.0.1")
        let server = try await TestServer.start(certificate: certificate)
        let transport = try makeTransport()
        let error = await transportError { try await transport.execute(HTTPRequest(url: server.url("/bytes?n=5"))) }
        #expect(error?.code == .tls)
        #expect(error?.isRetryable == false)
    }

    @Test func succeedsWithTheCABundlePath() async throws {
        let certificate = try await TestCertificate.make(commonName: "127.0.0.1")
        let server = try await TestServer.start(certificate: certificate)
        let transport = try makeTransport(tls: TLSConfiguration(caBundlePath: certificate.certificatePath))
        let response = try await transport.execute(HTTPRequest(url: server.url("/bytes?n=5")))
        #expect(response.body == (0..<5).map(patternByte))
    }

    @Test func succeedsWithCAPEMData() async throws {
        let certificate = try await TestCertificate.make(commonName: "127.0.0.1")
        let server = try await TestServer.start(certificate: certificate)
        let transport = try makeTransport(tls: TLSConfiguration(caPEM: certificate.certificatePEM))
        let response = try await transport.execute(HTTPRequest(url: server.url("/bytes?n=5")))
        #expect(response.status == 200)
    }

    @Test func missingCABundleIsAnErrorNotInsecure() async throws {
        let certificate = try await TestCertificate.make(commonName: "127.0.0.1")
        let server = try await TestServer.start(certificate: certificate)
        let transport = try makeTransport(tls: TLSConfiguration(caBundlePath: "/nonexistent/ca.pem"))
        let error = await transportError { try await transport.execute(HTTPRequest(url: server.url("/bytes?n=5"))) }
        #expect(error?.code == .tls)
    }

    @Test func insecureSkipVerifyOnlyWhenConfigured() async throws {
        let certificate = try await TestCertificate.make(commonName: "127.0.0.1")
        let server = try await TestServer.start(certificate: certificate)
        let transport = try makeTransport(tls: TLSConfiguration(insecureSkipVerify: true))
        let response = try await transport.execute(HTTPRequest(url: server.url("/bytes?n=5")))
        #expect(response.status == 200)
    }

    @Test func clientCertificateFromPEMData() async throws {
        let serverCertificate = try await TestCertificate.make(commonName: "127.0.0.1")
        let clientCertificate = try await TestCertificate.make(commonName: "sagetrain-client")
        let server = try await TestServer.start(certificate: serverCertificate, clientCA: clientCertificate)
        let withCertificate = try makeTransport(
            tls: TLSConfiguration(
                caPEM: serverCertificate.certificatePEM, clientCertificatePEM: clientCertificate.certificatePEM,
                clientKeyPEM: clientCertificate.keyPEM))
        let response = try await withCertificate.execute(HTTPRequest(url: server.url("/bytes?n=5")))
        #expect(response.status == 200)

        let without = try makeTransport(tls: TLSConfiguration(caPEM: serverCertificate.certificatePEM))
        let error = await transportError { try await without.execute(HTTPRequest(url: server.url("/bytes?n=5"))) }
        #expect(error != nil)
    }

    @Test func contradictoryConfigurationIsRejected() {
        #expect(throws: TransportError.self) {
            try makeTransport(tls: TLSConfiguration(caBundlePath: "/a", caPEM: [1]))
        }
        #expect(throws: TransportError.self) {
            try makeTransport(tls: TLSConfiguration(clientCertificatePEM: [1]))
        }
    }
}

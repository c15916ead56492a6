import Hummingbird
import HummingbirdTesting
import Logging
import ServiceModel
import Testing

@testable import SageAPI

@Suite("AWS JSON endpoint")
struct EndpointTests {
    struct Unexpected: Error { let secret = "database password in a stack trace" }

    @Test func unexpectedErrorsAreABareInternalFailure() async throws {
        let endpoint = AWSJSONEndpoint(
            services: [
                "SageMaker": .init(
                    model: .sageMaker, validationErrorCode: "ValidationException",
                    handlers: ["ListTrainingJobs": .value { _ in throw Unexpected() }])
            ],
            authenticator: nil, logger: testLogger())
        let router = Router()
        router.post("/") { request, context in await endpoint.respond(to: request, context: context) }
        try await Application(router: router).test(.router) { client in
            let result = try await client.sageMaker("ListTrainingJobs", [:])
            #expect(result.status == .internalServerError)
            #expect(result.errorCode == "InternalFailure")
            #expect(result.message?.contains("password") == false)
            #expect(result.headers[.requestID] != nil)
        }
    }
}

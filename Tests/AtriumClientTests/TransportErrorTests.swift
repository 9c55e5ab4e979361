import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import AtriumClient

#if canImport(Glibc)
    import Glibc
#endif

/// Retry decisions by the error's type and value, never its text.
@Suite struct TransportErrorTests {
    @Test func lostConnectionsAndTimeoutsAreRetriedOtherFailuresAreNot() {
        #expect(TransportError.isRetryable(HTTPClientError.remoteConnectionClosed))
        #expect(TransportError.isRetryable(HTTPClientError.readTimeout))
        #expect(TransportError.isRetryable(ChannelError.ioOnClosedChannel))
        #expect(TransportError.isRetryable(IOError(errnoCode: ECONNRESET, reason: "read")))
        #expect(!TransportError.isRetryable(HTTPClientError.invalidURL))
        #expect(!TransportError.isRetryable(HTTPClientError.redirectLimitReached))
        #expect(!TransportError.isRetryable(IOError(errnoCode: EACCES, reason: "connect")))
        struct SaysConnectionClosed: Error, CustomStringConvertible {
            var description: String { "Connection closed (connect)" }
        }
        #expect(!TransportError.isRetryable(SaysConnectionClosed()), "an error's text decides nothing")
    }

    @Test func connectFailuresAreNamedAsSuch() {
        #expect(
            TransportError.describe(IOError(errnoCode: ECONNREFUSED, reason: "connect"))
                == "cannot connect: connection refused", "one pair of words, no doubled parentheses")
        #expect(!TransportError.describe(HTTPClientError.remoteConnectionClosed).hasPrefix("cannot connect"))
    }

    @Test func listingsMayAnswerMoreThanOneObject() {
        let listing = 64 << 20
        let object = 4 << 20
        #expect(ServerClient.bodyLimit(.GET, "/workspaces?q=owner%3Aalice&limit=500") == listing)
        #expect(ServerClient.bodyLimit(.GET, "/users") == listing)
        #expect(ServerClient.bodyLimit(.GET, "/organizations/default/groups") == listing)
        #expect(ServerClient.bodyLimit(.GET, "/organizations/default/templates?deprecated=false") == listing)
        #expect(ServerClient.bodyLimit(.GET, "/groups/2b1c/members") == listing)
        #expect(ServerClient.bodyLimit(.GET, "/workspaces/2b1c/port-share") == object)
        #expect(ServerClient.bodyLimit(.GET, "/users/me") == object)
        #expect(ServerClient.bodyLimit(.GET, "/workspacebuilds/2b1c/parameters?groups=x") == object)
        #expect(ServerClient.bodyLimit(.PATCH, "/workspaces") == object, "a write answers one object")
        #expect(ServerClient.bodyLimit(.POST, "/organizations/default/groups") == object)
        #expect(ServerClient.bodyLimit(.GET, "/users?limit=2&q=x/members") == listing, "the query is not the route")
        #expect(ServerClient.bodyLimit(.GET, "/organizations/default/groupsx") == object)
        #expect(ServerClient.bodyLimit(.GET, "/workspaces/2b1c?x=/groups") == object)
        #expect(ServerClient.bodyLimit(.GET, "/usersx") == object)
        #expect(ServerClient.bodyLimit(.GET, "") == object)
    }

    @Test func codersErrorBodiesReadAsSentences() {
        let forbidden = #"{"message":"Forbidden.","detail":"Only the owner may share."}"#
        #expect(ServerClient.message(from: Data(forbidden.utf8)) == "Forbidden. Only the owner may share.")
        let invalid = #"{"message":"Invalid request","validations":[{"field":"user_roles","detail":"unknown user"}]}"#
        #expect(ServerClient.message(from: Data(invalid.utf8)) == "Invalid request; user_roles: unknown user")
    }
}

// AtriumClient: the Coder client, and only that. It owns the HTTP client for Coder's v2 API
// (ServerClient, RetryPolicy, TransportError), Coder's wire types (Wire/), reading the live state
// (LiveStateReader) and applying plans (PlanExecutor).
//
// Folders by concern: Transport/ (the HTTP client, retries, pacing, timeouts), Wire/ (Coder's
// JSON types, one codec each), LiveState/ (the listing, the live state, the permission check),
// Apply/ (the executor and its report).
//
// It may import AtriumCore, AsyncHTTPClient, SwiftNIO and swift-log; never AtriumGit or
// AtriumYAML (it links neither libgit2 nor libyaml). It prints nothing: callers get typed
// results and errors.

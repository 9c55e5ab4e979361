// AtriumClient: the live server. It owns the HTTP client for Coder's v2 API (ServerClient,
// RetryPolicy, TransportError), reading the live state (LiveStateReader), applying plans
// (PlanExecutor), and the Reconciler that runs one reconcile end to end for the CLI and the
// controller: load -> live read -> plan -> provenance -> saved-plan check -> apply.
//
// Folders by concern: Transport/ (the HTTP client, retries, pacing, timeouts), Wire/ (Coder's
// JSON types and their reader and writer), LiveState/ (the listing, the live state, the
// permission check), Apply/ (the executor and its report), Reconcile/ (the Reconciler).
//
// It may import AtriumCore, AtriumYAML and AtriumGit (through the Reconciler), AsyncHTTPClient,
// SwiftNIO and swift-log. It prints nothing: callers get typed results and errors.

// AtriumClient: the live server. It owns the HTTP client for Coder's v2 API (ServerClient,
// RetryPolicy, TransportError), reading the live state (LiveStateReader), applying plans
// (PlanExecutor), and the Reconciler that runs one reconcile end to end for the CLI and the
// controller: load -> live read -> plan -> provenance -> saved-plan check -> apply.
//
// It may import AtriumCore, AtriumGit (through the Reconciler), AsyncHTTPClient, SwiftNIO and
// swift-log. It prints nothing: callers get typed results and errors.

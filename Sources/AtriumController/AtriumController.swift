// AtriumController: `atrium controller`, GitOps run continuously. It keeps a bare mirror of one
// branch (AtriumGit), reconciles its head against the server on a timer and on webhooks with
// AtriumReconcile's Reconciler (the same guards as `atrium reconcile --auto-approve`), reports on
// /healthz, /readyz, /status and /metrics (swift-prometheus through swift-metrics), and with a
// PostgreSQL advisory lock lets one replica of several lead. Lifecycle through
// swift-service-lifecycle. May import AtriumCore, AtriumGit, AtriumClient,
// AtriumReconcile; never AtriumServer.

// AtriumReconcile: the Reconciler, which runs one reconcile end to end for the CLI and the
// controller: load (git through AtriumGit, YAML through AtriumYAML) -> live read (AtriumClient)
// -> plan (AtriumCore) -> provenance -> saved-plan check -> guards -> apply. Every guard (the
// removal limit, the organization-setting leave, the saved plan's commit and fingerprint) is
// enforced here, so no caller can skip one.
//
// It may import AtriumCore, AtriumYAML, AtriumGit and AtriumClient. It prints nothing.

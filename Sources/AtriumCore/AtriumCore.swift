// AtriumCore: what Atrium knows, as pure Swift. It owns the model (Model/), the YAML node tree
// with locations and diagnostics (Documents/), decoding nodes into the model (Decoding/),
// cross-document validation (Validation/), effective access, diffs and reviews (Access/), the
// planner and plans (Planning/), factory links (Factory/) and text, Markdown and JSON output
// (Formatting/). Data flows one way through these folders: documents -> model -> validation ->
// access -> plan; formatting only reads.
//
// It may import Foundation, swift-crypto and nothing else: no C library, no I/O (files,
// network, processes), no clock (every function that judges time takes `now`).

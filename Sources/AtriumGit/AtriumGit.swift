// AtriumGit: reading the desired state through libgit2. It owns revisions and snapshots at a
// commit or of the working tree (GitSource, WorktreeReader, SourceFileRules), loading a
// revision (DesiredStateLoader+Git), provenance through history (ProvenanceTracer), and the
// git-reading halves of diffs and access reviews (AccessDiff+Git, AccessReview+Git).
//
// It may import AtriumCore, AtriumYAML and CLibGit2. It never talks to a server.

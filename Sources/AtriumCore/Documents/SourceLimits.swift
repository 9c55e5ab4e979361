/// How much desired state Atrium reads at one revision: bounds that keep a mistaken or hostile
/// commit from taking the reader's memory or the terminal. Each is far above what a real
/// organization declares (the 100,000-workspace benchmark repository is a quarter of each).
public enum SourceLimits {
    /// The largest file (refused unread beyond it).
    public static let fileBytes = SourceFile.maxSize
    /// All files together.
    public static let totalBytes = 256 << 20
    /// Files under the path read.
    public static let files = 400_000
    /// YAML nodes (scalars, lists, mappings) in one file.
    public static let nodesPerFile = 100_000
}

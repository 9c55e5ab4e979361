// AtriumYAML: the libyaml reader. It owns turning bytes into AtriumCore's YAML nodes, each with
// its file:line:column (YAMLParser, UTF8Validation), and the steps that need parsed files:
// a snapshot of files into a validated desired state (DesiredStateLoader) and `--values` files
// (FactoryValues).
//
// It may import AtriumCore and CLibYAML; it reads no files itself (callers pass bytes).

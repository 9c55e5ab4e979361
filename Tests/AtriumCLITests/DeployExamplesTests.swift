import AtriumTestSupport
import Foundation
import Testing

/// examples/deploy: the Kubernetes manifests and the systemd unit parse, and every flag they
/// give `atrium controller` exists; the probes, ports and the HA variant's lock fit together.
@Suite struct DeployExamplesTests {
    /// Prints one JSON object per manifest: the Deployment's replicas, arguments, environment
    /// names, probe paths, container port, and the Service's target port.
    static let kubernetes = #"""
        import json, sys, yaml
        docs = list(yaml.safe_load_all(open(sys.argv[1])))
        kinds = {d["kind"]: d for d in docs}
        deployment, service = kinds["Deployment"], kinds["Service"]
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        print(json.dumps({
            "kinds": sorted(kinds), "replicas": deployment["spec"]["replicas"], "args": container["args"],
            "env": [e["name"] for e in container.get("env", [])],
            "secretKeys": sorted(kinds["Secret"]["stringData"]),
            "probes": [container["livenessProbe"]["httpGet"]["path"], container["readinessProbe"]["httpGet"]["path"]],
            "containerPort": container["ports"][0]["containerPort"], "servicePort": service["spec"]["ports"][0]["port"],
            "selectorMatches": service["spec"]["selector"] == deployment["spec"]["template"]["metadata"]["labels"],
        }))
        """#

    struct Manifest: Decodable {
        var kinds: [String]
        var replicas: Int
        var args: [String]
        var env: [String]
        var secretKeys: [String]
        var probes: [String]
        var containerPort: Int
        var servicePort: Int
        var selectorMatches: Bool
    }

    @Test(arguments: ["controller.yaml", "controller-ha.yaml"])
    func kubernetesManifest(_ name: String) async throws {
        let file = "examples/deploy/kubernetes/\(name)"
        let parsed = try await ChildProcess.run(Command("python3", ["-c", Self.kubernetes, file], in: CLI.packageRoot))
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(parsed.stdout.utf8))
        #expect(manifest.kinds == ["Deployment", "Secret", "Service"])
        #expect(manifest.args.first == "controller")
        try await Self.expectFlagsExist(manifest.args.dropFirst().map { String($0.split(separator: "=")[0]) }, in: file)
        #expect(manifest.probes == ["/healthz", "/readyz"])
        #expect(
            manifest.args.contains("--listen=0.0.0.0:\(manifest.containerPort)")
                && manifest.servicePort == manifest.containerPort)
        #expect(manifest.selectorMatches)
        // $(VAR) in an argument must name a variable of the container (Kubernetes expands it).
        for argument in manifest.args {
            for match in argument.matches(of: #/\$\((\w+)\)/#) {
                #expect(manifest.env.contains(String(match.output.1)), "\(argument) in \(file)")
            }
        }
        if name == "controller-ha.yaml" {
            #expect(
                manifest.replicas == 2 && manifest.args.contains("--lock=$(ATRIUM_LOCK_URL)")
                    && manifest.secretKeys.contains("lock-url"))
        } else {
            #expect(manifest.replicas == 1 && !manifest.args.contains { $0.hasPrefix("--lock") })
        }
    }

    @Test func systemdUnit() async throws {
        let file = "examples/deploy/systemd/atrium-controller.service"
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent(file), encoding: .utf8)
        let joined = text.replacingOccurrences(of: "\\\n", with: " ")
        let exec = try #require(joined.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        let words = exec.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
        #expect(words.prefix(2) == ["/usr/local/bin/atrium", "controller"])
        try await Self.expectFlagsExist(words.filter { $0.hasPrefix("--") }, in: file)
        #expect(text.contains("KillSignal=SIGTERM") && text.contains("[Install]"))
        for credential in ["coder-token", "webhook-secret", "git-token"] {
            #expect(
                text.contains("LoadCredential=\(credential):")
                    && exec.contains("${CREDENTIALS_DIRECTORY}/\(credential)"), "\(credential)")
        }
    }

    static func expectFlagsExist(_ flags: [String], in file: String) async throws {
        let help = try await CLI.run(["controller", "--help"], in: CLI.packageRoot).stdout
        #expect(flags.count >= 8, "\(flags)")
        for flag in flags {
            #expect(help.contains("\(flag) ") || help.contains("\(flag)\n"), "`atrium controller \(flag)` in \(file)")
        }
    }
}

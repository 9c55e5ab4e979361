/// Every FactoryTemplate's link for each person of a batch, as text, Markdown or HTML: an
/// onboarding page ready to commit or publish.
public struct OnboardingPage: Sendable {
    public struct Person: Sendable {
        /// The person's input values.
        public var values: [String: String]
        public var links: [FactoryRenderer.Link]

        /// A heading for the person: their `user`, `name` or `email` input, else their number.
        public func label(_ index: Int) -> String {
            values["user"] ?? values["name"] ?? values["username"] ?? values["email"] ?? "Person \(index + 1)"
        }
    }

    public var people: [Person]

    /// Renders every template for every set of values; all problems are collected first.
    public static func build(templates: [FactoryTemplate], batch: [[String: String]]) throws(DiagnosticError) -> OnboardingPage {
        var people: [Person] = []
        var problems: [Diagnostic] = []
        for values in batch {
            var links: [FactoryRenderer.Link] = []
            for template in templates {
                // A person's values may name inputs other templates have; each takes its own.
                let own = values.filter { key, _ in template.inputs.contains { $0.name == key } }
                do throws(DiagnosticError) {
                    links.append(try FactoryRenderer(template).render(own))
                } catch {
                    problems += error.diagnostics
                }
            }
            people.append(Person(values: values, links: links))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return OnboardingPage(people: people)
    }

    public func text() -> String {
        people.enumerated().map { index, person in
            ([person.label(index)] + person.links.map { "  \($0.template): \($0.text)" }).joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    public func markdown() -> String {
        var lines = ["# Onboarding links", ""]
        for (index, person) in people.enumerated() {
            lines += ["## \(person.label(index))", "", "| template | what it opens | link |", "|---|---|---|"]
            for link in person.links {
                let description = (link.description ?? "").replacingOccurrences(of: "|", with: "\\|")
                lines.append("| `\(link.template)` | \(description) | [open](\(link.text.replacingOccurrences(of: ")", with: "%29"))) |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    public func html() -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var body = ""
        for (index, person) in people.enumerated() {
            body += "<section>\n<h2>\(escape(person.label(index)))</h2>\n<table>\n<tr><th>Template</th><th>What it opens</th><th>Link</th></tr>\n"
            for link in person.links {
                body += "<tr><td><code>\(escape(link.template))</code></td><td>\(escape(link.description ?? ""))</td><td><a href=\"\(escape(link.text))\">Open</a></td></tr>\n"
            }
            body += "</table>\n</section>\n"
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Onboarding links</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1f24; background: #fff; }
            table { border-collapse: collapse; margin-bottom: 2rem; }
            th, td { border: 1px solid #c8ccd1; padding: .4rem .8rem; text-align: left; }
            th { background: #e8f0fe; }
            a { color: #0b57d0; }
            </style>
            </head>
            <body>
            <h1>Onboarding links</h1>
            \(body)</body>
            </html>

            """
    }
}

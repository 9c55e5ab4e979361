package import AtriumCore
package import Foundation

/// Every FactoryTemplate's link for each person of a batch, as text, Markdown or HTML: an
/// onboarding page ready to commit or publish.
package struct OnboardingPage: Sendable {
    package struct Person: Sendable {
        /// The person's input values.
        package var values: [String: String]
        package var links: [FactoryRenderer.Link]

        package init(values: [String: String], links: [FactoryRenderer.Link]) {
            self.values = values
            self.links = links
        }

        /// A heading for the person: their `user`, `name` or `email` input, else their number.
        package func label(_ index: Int) -> String {
            values["user"] ?? values["name"] ?? values["username"] ?? values["email"] ?? "Person \(index + 1)"
        }
    }

    package var people: [Person]

    package init(people: [Person]) {
        self.people = people
    }

    /// Renders every template for every set of values; all problems are collected first.
    package static func build(
        templates: [FactoryTemplate], batch: [[String: String]], now: Date, serverURL: String? = nil,
        serverURLWins: Bool = false
    ) throws(DiagnosticError) -> OnboardingPage {
        var people: [Person] = []
        var problems: [Diagnostic] = []
        for values in batch {
            var links: [FactoryRenderer.Link] = []
            for template in templates {
                // A person's values may name inputs other templates have; each takes its own.
                let own = values.filter { key, _ in template.inputs.contains { $0.name == key } }
                do throws(DiagnosticError) {
                    links.append(
                        try FactoryRenderer(template, now: now, serverURL: serverURL, serverURLWins: serverURLWins)
                            .render(own))
                } catch {
                    problems += error.diagnostics
                }
            }
            people.append(Person(values: values, links: links))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return OnboardingPage(people: people)
    }

    package func text() -> String {
        people.enumerated().map { index, person in
            // Factory JSON spans lines: indent it under its template.
            ([person.label(index)]
                + person.links.map { "  \($0.template): \($0.text.replacingOccurrences(of: "\n", with: "\n    "))" })
                .joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    package func markdown() -> String {
        var lines = ["# Onboarding links", ""]
        for (index, person) in people.enumerated() {
            lines += ["## \(person.label(index))", "", "| template | what it opens | link |", "|---|---|---|"]
            // A che-factory JSON link is a document, not a URL: it follows the table in a code block.
            var documents: [FactoryRenderer.Link] = []
            for link in person.links {
                let description = (link.description ?? "").replacingOccurrences(of: "|", with: "\\|")
                    .replacingOccurrences(of: "\n", with: " ")
                guard link.isURL else {
                    documents.append(link)
                    lines.append("| `\(link.template)` | \(description) | factory JSON below |")
                    continue
                }
                lines.append(
                    "| `\(link.template)` | \(description) | "
                        + "[open](\(link.text.replacingOccurrences(of: ")", with: "%29"))) |"
                )
            }
            for document in documents {
                lines += [
                    "",
                    "`\(document.template)` (a Che factory: save it as devfile.json, or POST it to the factory API):",
                    "", "```json", document.text, "```",
                ]
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// One PNG QR code per link (URLs only; che-factory-v4 JSON has none), named
    /// `<person>-<template>.png`. Fails, naming the link, when one is too long for a QR code.
    package func qrCodes(scale: Int = 8) throws(QRCode.EncodingError) -> [(
        file: String, link: FactoryRenderer.Link, png: [UInt8]
    )] {
        var result: [(file: String, link: FactoryRenderer.Link, png: [UInt8])] = []
        for (index, person) in people.enumerated() {
            for link in person.links where link.isURL {
                // One link without a batch: just the template's name.
                let file =
                    people.count == 1 && person.values.isEmpty
                    ? "\(Self.slug(link.template)).png"
                    : "\(Self.slug(person.label(index)))-\(Self.slug(link.template)).png"
                do throws(QRCode.EncodingError) {
                    result.append((file, link, try QRCode(encoding: link.text).png(scale: scale)))
                } catch {
                    throw QRCode.EncodingError(description: "\(file): \(error.description)")
                }
            }
        }
        return result
    }

    /// Lowercase letters, digits and single hyphens, for file names.
    static func slug(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                result.append(character)
            } else if !result.isEmpty && result.last != "-" {
                result.append("-")
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result.isEmpty ? "link" : result
    }

    /// The page as HTML; with `qrCodes`, each link also has its QR code inline (a data URL), so
    /// the page stays one self-contained file.
    package func html(qrCodes: Bool = false) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var body = ""
        for (index, person) in people.enumerated() {
            body +=
                "<section>\n<h2>\(escape(person.label(index)))</h2>\n<table>\n<tr><th>Template</th><th>What it "
                + "opens</th><th>Link</th>\(qrCodes ? "<th>QR code</th>" : "")</tr>\n"
            for link in person.links {
                var qr = ""
                if qrCodes {
                    if link.isURL, let code = try? QRCode(encoding: link.text) {
                        let side = code.side(scale: 4)
                        qr =
                            "<td><img alt=\"QR code for \(escape(link.template))\" width=\"\(side)\" "
                            + "height=\"\(side)\" src=\"data:image/png;base64,"
                            + "\(Data(code.png(scale: 4)).base64EncodedString())\"></td>"
                    } else {
                        qr = "<td></td>"
                    }
                }
                let target =
                    link.isURL
                    ? "<a href=\"\(escape(link.text))\">Open</a>"
                    : "<details><summary>Factory JSON</summary><pre>\(escape(link.text))</pre></details>"
                body +=
                    "<tr><td><code>\(escape(link.template))</code></td><td>\(escape(link.description ?? ""))</t"
                    + "d><td>\(target)</td>\(qr)</tr>\n"
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

import Foundation
import ServiceModel

/// `/docs`: a self-contained HTML page describing the `/jobs` API from its OpenAPI document (no external assets).
enum DocsPage {
    static func render(_ document: JSONValue) -> String {
        var rows = ""
        let paths = document["paths"]?.objectValue ?? [:]
        for path in paths.keys.sorted() {
            for (method, operation) in (paths[path]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                let summary = operation["summary"]?.stringValue ?? ""
                let codes = (operation["responses"]?.objectValue?.keys.sorted() ?? []).joined(separator: ", ")
                rows += "<tr><td class=m>\(escape(method.uppercased()))</td><td><code>\(escape(path))</code></td>"
                rows += "<td>\(escape(summary))</td><td>\(escape(codes))</td></tr>\n"
            }
        }
        let request = document["components"]?["schemas"]?["JobRequest"]?["properties"]?.objectValue ?? [:]
        var fields = ""
        for name in request.keys.sorted() {
            fields +=
                "<tr><td><code>\(escape(name))</code></td><td><code>\(escape(request[name]!.jsonString))</code></td></tr>\n"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>sagetrain /jobs API</title>
            <style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4em;text-align:left}
            .m{font-weight:bold}code{background:#f4f4f4;padding:0 .2em}</style></head><body>
            <h1>sagetrain /jobs API</h1>
            <p>\(escape(document["info"]?["description"]?.stringValue ?? ""))</p>
            <p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. SageMaker clients (boto3, the AWS CLI,
            the SageMaker Python SDK) use <code>POST /</code> with <code>X-Amz-Target: SageMaker.&lt;Operation&gt;</code>.</p>
            <h2>Endpoints</h2><table><tr><th>Method</th><th>Path</th><th>Summary</th><th>Responses</th></tr>
            \(rows)</table>
            <h2>POST /jobs body</h2><table><tr><th>Field</th><th>Schema</th></tr>
            \(fields)</table>
            </body></html>
            """
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

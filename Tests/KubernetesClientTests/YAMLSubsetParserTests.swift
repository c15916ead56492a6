import ServiceModel
import Testing

@testable import KubernetesClient

@Suite struct YAMLSubsetParserTests {
    @Test func readsAKubectlStyleKubeconfig() throws {
        let text = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: TFMwdA==
                server: https://127.0.0.1:6443
              name: kind-kind
            contexts:
            - context:
                cluster: kind-kind
                user: kind-kind   # trailing comment
              name: kind-kind
            current-context: kind-kind
            kind: Config
            preferences: {}
            users:
            - name: kind-kind
              user:
                token: "abc:def"
                insecure: 'it''s'
            """
        let value = try YAMLSubsetParser.parse(text)
        #expect(value["current-context"] == "kind-kind")
        #expect(value["preferences"] == .object([:]))
        let cluster = try #require(value["clusters"]?.arrayValue?.first)
        #expect(cluster["name"] == "kind-kind")
        #expect(cluster["cluster"]?["server"] == "https://127.0.0.1:6443")
        #expect(value["contexts"]?.arrayValue?.first?["context"]?["user"] == "kind-kind")
        #expect(value["users"]?.arrayValue?.first?["user"]?["token"] == "abc:def")
        #expect(value["users"]?.arrayValue?.first?["user"]?["insecure"] == "it's")
    }

    @Test func readsFlowMappingsAsStartShWritesThem() throws {
        let value = try YAMLSubsetParser.parse(
            """
            ---
            contexts:
            - name: local
              context: {cluster: local, user: admin, namespace: "ml"}
            list: [a, 'b c', 3, true, ~]
            """)
        #expect(
            value["contexts"]?.arrayValue?.first?["context"] == [
                "cluster": "local", "user": "admin", "namespace": "ml",
            ])
        #expect(value["list"] == ["a", "b c", 3, true, nil])
    }

    @Test func readsTheJSONForm() throws {
        let text = """
            {
              "kind": "Config",
              "clusters": [{"name": "c", "cluster": {"server": "https://h:1", "insecure-skip-tls-verify": true}}],
              "n": -1.5e3, "s": "tab\\there \\u00e9\\ud83d\\ude00", "z": null
            }
            """
        let value = try YAMLSubsetParser.parse(text)
        #expect(value["clusters"]?.arrayValue?.first?["cluster"]?["insecure-skip-tls-verify"] == true)
        #expect(value["n"] == .double(-1500))
        #expect(value["s"] == "tab\there é😀")
        #expect(value["z"] == .null)
    }

    @Test func resolvesPlainScalarsWithTheCoreSchema() throws {
        let value = try YAMLSubsetParser.parse(
            "a: 10\nb: 0x1F\nc: 1.5\nd: yes\ne: on\nf: False\ng: ''\nh:\ni: 1.2.3\nj: -7\nk: http://x:80/y")
        #expect(value["a"] == 10)
        #expect(value["b"] == 31)
        #expect(value["c"] == 1.5)
        #expect(value["d"] == "yes")
        #expect(value["e"] == "on")
        #expect(value["f"] == false)
        #expect(value["g"] == "")
        #expect(value["h"] == .null)
        #expect(value["i"] == "1.2.3")
        #expect(value["j"] == -7)
        #expect(value["k"] == "http://x:80/y")
    }

    @Test func readsNestedSequencesAndMultilineScalars() throws {
        let text = """
            args:
              - --flag
              - - nested
                - two
            folded: this is
              one line
            quoted: "first
              second"
            literal: |
              line 1
                indented
              line 3
            kept: |+
              x

            stripped: >-
              a
              b

              c
            """
        let value = try YAMLSubsetParser.parse(text)
        #expect(value["args"] == ["--flag", ["nested", "two"]])
        #expect(value["folded"] == "this is one line")
        #expect(value["quoted"] == "first second")
        #expect(value["literal"] == "line 1\n  indented\nline 3\n")
        #expect(value["kept"] == "x\n\n")
        #expect(value["stripped"] == "a b\nc")
    }

    @Test func emptyDocumentIsNull() throws {
        #expect(try YAMLSubsetParser.parse("# only a comment\n\n") == .null)
    }

    @Test(arguments: [
        ("a: 1\nb: &x 2", 2, "anchors"),
        ("a: 1\nb: *x", 2, "aliases"),
        ("a: !!str 1", 1, "tags"),
        ("a: 1\n---\nb: 2", 2, "several documents"),
        ("%YAML 1.2\n---\na: 1", 1, "directives"),
        ("a: 1\na: 2", 2, "duplicate key"),
        ("a:\n\tb: 1", 2, "tabs"),
        ("a:\n  b: 1\n   c: 2", 3, "indentation"),
        ("a: b: c", 1, "mapping entry is not allowed"),
        ("a: \"open\nb: 1", 1, "unterminated"),
        ("a: {b: 1\n", 1, "unterminated flow"),
        ("? a\n: b", 1, "complex mapping keys"),
        ("a: [1, 2", 1, "unterminated flow"),
        ("x:\n  - a\n  b: 1", 3, "indentation"),
    ])
    func refusesWithTheLine(text: String, line: Int, problem: String) {
        #expect {
            try YAMLSubsetParser.parse(text)
        } throws: { error in
            guard let error = error as? YAMLSyntaxError else { return false }
            return error.line == line && error.problem.contains(problem)
        }
    }
}

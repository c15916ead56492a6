#!/usr/bin/env python3
"""Trim botocore's SageMaker and CloudWatch Logs service models for sagetrain.

Reads the service models of the installed botocore and writes, for each, a
checked-in Swift file under Sources/ServiceModel/Generated/ holding a trimmed
JSON document as a Swift raw string literal:

- metadata: targetPrefix, jsonVersion, protocol, signingName, apiVersion
  (signingName falls back to endpointPrefix, as botocore does);
- the listed operations: name, input, output, errors;
- the transitive closure of the shapes they reference, with every
  "documentation" field removed and everything else kept.

Three additions to botocore's content:

- every structure gets "memberOrder", the member names in the model's order
  (validation reports violations in that order; "members" itself is written
  with sorted keys);
- patterns carry the ^ / $ anchors that SageMaker's own ValidationException
  messages show. Botocore dropped those anchors from its models; under a full
  match (how AWS applies patterns) they change nothing but the wording. An
  anchored form is used only when stripping its anchors gives exactly the
  pattern in the installed model, so a changed model falls back to botocore's
  pattern (and the script says so on stderr);
- LOCAL_PATTERN_ALTERNATIVES widens a few patterns on purpose (S3Uri also
  accepts file:/// URIs for the local backend).

Usage: python3 tools/trim-service-model.py   (from anywhere; stdlib + botocore)
The output is deterministic: the same botocore gives byte-identical files.
"""

import gzip
import json
import os
import sys

import botocore

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(REPO, "Sources", "ServiceModel", "Generated")

SERVICES = [
    {
        "model": ("sagemaker", "2017-07-24"),
        "swift_file": "SageMakerModelDocument.swift",
        "swift_name": "sageMakerDocument",
        "operations": [
            "CreateTrainingJob",
            "DescribeTrainingJob",
            "ListTrainingJobs",
            "StopTrainingJob",
            "DeleteTrainingJob",
            "AddTags",
            "ListTags",
            "DeleteTags",
        ],
    },
    {
        "model": ("logs", "2014-03-28"),
        "swift_file": "CloudWatchLogsModelDocument.swift",
        "swift_name": "cloudWatchLogsDocument",
        "operations": ["DescribeLogStreams", "GetLogEvents", "FilterLogEvents"],
    },
]

METADATA_KEYS = ["apiVersion", "jsonVersion", "protocol", "signingName", "targetPrefix"]

# The anchored patterns SageMaker reports in its error messages (as botocore
# carried them up to the 1.34 line), keyed by shape name.
AWS_MESSAGE_PATTERNS = {
    "ArnOrName": r"(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)$",
    "ExperimentEntityName": r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}",
    "FileSystemId": r"^(fs-[0-9a-f]{8,})$",
    "RoleArn": r"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$",
    "S3Uri": r"^(https|s3)://([^/]+)/?(.*)$",
    "TagKey": r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$",
    "TagValue": r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$",
    "TrainingJobName": r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
}


# sagetrain's deliberate widenings, appended to the model's pattern as an alternative: the local
# backend also takes file:/// URIs wherever SageMaker takes an S3 URI. Messages about such a
# member then show the widened pattern.
LOCAL_PATTERN_ALTERNATIVES = {
    "S3Uri": r"^file:///.*$",
}


def strip_anchors(pattern):
    """Returns the pattern without a leading ^ and an unescaped trailing $."""
    if pattern.startswith("^"):
        pattern = pattern[1:]
    if pattern.endswith("$"):
        backslashes = len(pattern[:-1]) - len(pattern[:-1].rstrip("\\"))
        if backslashes % 2 == 0:
            pattern = pattern[:-1]
    return pattern


def strip_documentation(value):
    """Returns a deep copy of value without any "documentation" key."""
    if isinstance(value, dict):
        return {k: strip_documentation(v) for k, v in value.items() if k != "documentation"}
    if isinstance(value, list):
        return [strip_documentation(v) for v in value]
    return value


def referenced_shapes(shape):
    """Yields the names of the shapes a shape refers to directly."""
    for key in ("member", "key", "value"):
        if key in shape:
            yield shape[key]["shape"]
    for member in shape.get("members", {}).values():
        yield member["shape"]


def trim(model, operation_names):
    """Returns the trimmed document for the given operations."""
    metadata = model["metadata"]
    trimmed_metadata = {k: metadata[k] for k in METADATA_KEYS if k in metadata}
    trimmed_metadata.setdefault("signingName", metadata["endpointPrefix"])

    operations = {}
    pending = []
    for name in operation_names:
        source = model["operations"][name]
        operation = {"name": source["name"]}
        for key in ("input", "output"):
            if key in source:
                operation[key] = {"shape": source[key]["shape"]}
                pending.append(source[key]["shape"])
        if source.get("errors"):
            operation["errors"] = [{"shape": e["shape"]} for e in source["errors"]]
            pending.extend(e["shape"] for e in source["errors"])
        operations[name] = operation

    shapes = {}
    while pending:
        name = pending.pop()
        if name in shapes:
            continue
        shape = strip_documentation(model["shapes"][name])
        if shape["type"] == "structure":
            shape["memberOrder"] = list(shape.get("members", {}).keys())
        if "pattern" in shape and name in AWS_MESSAGE_PATTERNS:
            anchored = AWS_MESSAGE_PATTERNS[name]
            if strip_anchors(anchored) == shape["pattern"]:
                shape["pattern"] = anchored
            else:
                print(f"warning: {name}: model pattern {shape['pattern']!r} no longer matches "
                      f"{anchored!r}; keeping botocore's", file=sys.stderr)
        if "pattern" in shape and name in LOCAL_PATTERN_ALTERNATIVES:
            shape["pattern"] += "|" + LOCAL_PATTERN_ALTERNATIVES[name]
        shapes[name] = shape
        pending.extend(referenced_shapes(shape))
    return {"metadata": trimmed_metadata, "operations": operations, "shapes": shapes}


def compact(value):
    """Compact JSON with sorted keys, ASCII only."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def render_document(document):
    """Renders the document with one operation and one shape per line."""
    lines = ["{", '"metadata":' + compact(document["metadata"]) + ","]
    for section in ("operations", "shapes"):
        entries = document[section]
        lines.append(f'"{section}":{{')
        names = sorted(entries)
        for index, name in enumerate(names):
            comma = "," if index < len(names) - 1 else ""
            lines.append(compact(name) + ":" + compact(entries[name]) + comma)
        lines.append("}," if section == "operations" else "}")
    lines.append("}")
    return "\n".join(lines)


def raw_string_delimiter(text):
    """Returns the number of # needed so text can sit in a Swift raw string literal."""
    hashes = 1
    while ('"""' + "#" * hashes) in text or ("\\" + "#" * hashes) in text:
        hashes += 1
    return "#" * hashes


def render_swift(service, document, botocore_version):
    """Renders the Swift source file for one service."""
    body = render_document(document)
    hashes = raw_string_delimiter(body)
    service_name, api_version = service["model"]
    return (
        f"// Generated by tools/trim-service-model.py from botocore {botocore_version} "
        f"({service_name} {api_version}). Do not edit.\n"
        "// Structures carry \"memberOrder\"; patterns carry the anchors AWS shows in its messages.\n"
        "\n"
        "extension ServiceModel {\n"
        f"    /// The trimmed {service_name} {api_version} service model as a JSON document.\n"
        f"    static let {service['swift_name']} = {hashes}\"\"\"\n"
        f"{body}\n"
        f"\"\"\"{hashes}\n"
        "}\n"
    )


def main():
    data_dir = os.path.join(os.path.dirname(botocore.__file__), "data")
    os.makedirs(OUT_DIR, exist_ok=True)
    for service in SERVICES:
        service_name, api_version = service["model"]
        path = os.path.join(data_dir, service_name, api_version, "service-2.json.gz")
        with gzip.open(path, "rt", encoding="utf-8") as source:
            model = json.load(source)
        document = trim(model, service["operations"])
        output = os.path.join(OUT_DIR, service["swift_file"])
        with open(output, "w", encoding="utf-8", newline="\n") as target:
            target.write(render_swift(service, document, botocore.__version__))
        print(f"{os.path.relpath(output, REPO)}: {len(document['operations'])} operations, "
              f"{len(document['shapes'])} shapes")


if __name__ == "__main__":
    main()

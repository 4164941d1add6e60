"""
The SAM translator as an oracle for test/audit/sam-differential.test.ts (driven by sam-oracle.ts).

Reads a JSON list of {"key", "text"} (SAM templates, YAML or JSON) on stdin and writes a JSON object
key -> {"sam": <the template as parsed>, "template": <CloudFormation>} or {"sam", "error": <message>}
on stdout: one process for a whole corpus.

Offline, as cfn-lint does it (cfnlint/template/transforms/_sam.py): managed policies come from the map
cfn-lint ships, never from IAM; local code locations are replaced by S3 URIs (the translator accepts only
those, and the API resources do not depend on them); the Region is fixed. Nothing is fetched.
"""

import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import samtranslator  # noqa: E402
from samtranslator.parser.parser import Parser  # noqa: E402
from samtranslator.translator.translator import Translator  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402

from cfnlint.data import Serverless  # noqa: E402
from cfnlint.helpers import load_resource  # noqa: E402

MANAGED_POLICIES = load_resource(Serverless, "ManagedPolicies.json")

# Resource type -> properties that name code or definitions the translator wants as an S3 URI.
CODE_LOCATIONS = {
    "AWS::Serverless::Function": ["CodeUri"],
    "AWS::Serverless::LayerVersion": ["ContentUri"],
    "AWS::Serverless::StateMachine": ["DefinitionUri"],
    "AWS::Serverless::Api": ["DefinitionUri"],
    "AWS::Serverless::HttpApi": ["DefinitionUri"],
}


def with_s3_code_locations(template):
    function_globals = (template.get("Globals") or {}).get("Function")
    function_globals = function_globals if isinstance(function_globals, dict) else {}
    for resource in (template.get("Resources") or {}).values():
        if not isinstance(resource, dict):
            continue
        properties = resource.get("Properties")
        if not isinstance(properties, dict):
            continue
        for name in CODE_LOCATIONS.get(resource.get("Type"), []):
            value = properties.get(name)
            if value is None and resource.get("Type") == "AWS::Serverless::Function" and not has_code(properties, function_globals):
                value = "."  # SAM CLI packages the template's folder when a function names no code
            if isinstance(value, str) and not value.startswith("s3://"):
                properties[name] = "s3://bucket/" + (value.strip("./") or "code")
    value = function_globals.get("CodeUri")
    if isinstance(value, str) and not value.startswith("s3://"):
        function_globals["CodeUri"] = "s3://bucket/" + (value.strip("./") or "code")
    return template


def has_code(properties, function_globals):
    keys = ("CodeUri", "InlineCode", "ImageUri")
    return properties.get("PackageType") == "Image" or any(k in properties or k in function_globals for k in keys)


def translate(template):
    template = with_s3_code_locations(template)
    translator = Translator(managed_policy_map=None, sam_parser=Parser())
    return translator.translate(
        sam_template=template,
        parameter_values={},
        get_managed_policy_map=lambda: MANAGED_POLICIES,
    )


def as_json(value):
    """YAML dates and other non-JSON scalars as strings, as CloudFormation reads them."""
    return json.loads(json.dumps(value, default=str))


def main():
    requests = json.load(sys.stdin)
    results = {}
    for request in requests:
        try:
            sam = as_json(yaml_parse(request["text"]))
            results[request["key"]] = {"sam": sam}
            results[request["key"]]["template"] = as_json(translate(json.loads(json.dumps(sam))))
        except Exception as e:  # noqa: BLE001 (a rejection is a result, whatever its class)
            causes = "; ".join(c.message for c in getattr(e, "causes", []) if hasattr(c, "message"))
            results[request["key"]] = {**results.get(request["key"], {}), "error": f"{type(e).__name__}: {causes or e}"}
    json.dump({"version": samtranslator.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()

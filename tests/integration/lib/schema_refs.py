"""What the schema validators share: JSON schemas loaded into a store keyed by their $id,
with every relative $ref made absolute against its document's $id (jsonschema's resolvers
differ on scopes), so that nothing is ever fetched."""
import json
import urllib.parse


def absolute_refs(node, base):
    """Makes every $ref of `node` absolute against `base`, in place."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and not v.startswith("#"):
                node[k] = urllib.parse.urljoin(base, v)
            else:
                absolute_refs(v, base)
    elif isinstance(node, list):
        for v in node:
            absolute_refs(v, base)


def load_schema(path):
    """A schema file with its $refs absolute."""
    doc = json.load(open(path))
    absolute_refs(doc, doc["$id"])
    return doc

"""Checks a Python example against the Python module jsii-pacmak generated, with Python's own parser.

Usage: python3 python-example.py GENERATED_INIT_PY < EXAMPLE_PY
Prints JSON: {"problems": [...], "checked": N}, where N counts the calls and enum members checked.
"""
import ast
import json
import sys

MODULE = "cdktf_redis_version"


def signatures(tree):
    """Each class of the generated module: its positional and keyword parameters, the required ones, and its enum members."""
    classes = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        init = next((item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"), None)
        members = {target.id for item in node.body if isinstance(item, ast.Assign) for target in item.targets if isinstance(target, ast.Name)}
        if init is None:
            classes[node.name] = {"positional": [], "keywords": set(), "required": set(), "members": members}
            continue
        keywords = [arg.arg for arg in init.args.kwonlyargs]
        required = {arg.arg for arg, default in zip(init.args.kwonlyargs, init.args.kw_defaults) if default is None}
        classes[node.name] = {"positional": [arg.arg for arg in init.args.args[1:]], "keywords": set(keywords), "required": required, "members": members}
    return classes


def check(example, classes, exported):
    problems, checked, imported = [], 0, set()
    for node in ast.walk(example):
        if isinstance(node, ast.ImportFrom) and node.module == MODULE:
            for alias in node.names:
                imported.add(alias.name)
                if alias.name not in exported:
                    problems.append(f"{MODULE} has no {alias.name}")
    for node in ast.walk(example):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in imported and node.func.id in classes:
            checked += 1
            cls = classes[node.func.id]
            given = {keyword.arg for keyword in node.keywords}
            for name in sorted(given - cls["keywords"]):
                problems.append(f"{node.func.id}() takes no keyword {name}")
            for name in sorted(cls["required"] - given):
                problems.append(f"{node.func.id}() needs {name}")
            if len(node.args) != len(cls["positional"]):
                problems.append(f"{node.func.id}() takes {len(cls['positional'])} positional arguments ({', '.join(cls['positional'])}), given {len(node.args)}")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imported and node.value.id in classes:
            checked += 1
            if node.attr not in classes[node.value.id]["members"]:
                problems.append(f"{node.value.id} has no member {node.attr}")
    return problems, checked


def main():
    with open(sys.argv[1], encoding="utf-8") as generated:
        tree = ast.parse(generated.read())
    exported = next(
        (set(ast.literal_eval(node.value)) for node in tree.body if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)),
        set(),
    )
    problems, checked = check(ast.parse(sys.stdin.read()), signatures(tree), exported)
    print(json.dumps({"problems": problems, "checked": checked}))


main()

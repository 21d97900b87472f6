"""Runs a snippet from a dataset card inside a dataset folder, then prints the named DataFrames as JSON records with their column dtypes.

usage: run_snippet.py DATASET_DIR SNIPPET_FILE NAME [NAME ...]
"""
import json
import os
import sys

dataset_dir, snippet_file, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(snippet_file, encoding="utf-8") as f:
    code = f.read()

os.chdir(dataset_dir)
namespace = {}
exec(compile(code, snippet_file, "exec"), namespace)


def records(df):
    # to_json writes NaN and None as null; force_ascii=False keeps text as written.
    return json.loads(df.to_json(orient="records", force_ascii=False))


def frame(df):
    return {"records": records(df), "dtypes": {str(k): str(v) for k, v in df.dtypes.items()}}


json.dump({name: frame(namespace[name]) for name in names}, sys.stdout, ensure_ascii=False)

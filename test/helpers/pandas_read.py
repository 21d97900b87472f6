"""Reads one table's CSV and JSON Lines with pandas, exactly as the README says, and prints both as JSON records."""
import json
import sys

import pandas as pd

csv_path, jsonl_path = sys.argv[1], sys.argv[2]

# The README's calls, verbatim.
from_csv = pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_values=[""])
from_jsonl = pd.read_json(jsonl_path, lines=True, dtype=False, convert_dates=False)


def records(df):
    # to_json writes NaN and None as null; force_ascii=False keeps text as written.
    return json.loads(df.to_json(orient="records", force_ascii=False))


json.dump({"csv": records(from_csv), "jsonl": records(from_jsonl), "pandas": pd.__version__}, sys.stdout, ensure_ascii=False)

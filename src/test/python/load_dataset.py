"""Prints a dataset folder as JSON, read with datasets.load_from_disk (used by valbench's tests)."""
import json
import sys

import datasets

ds = datasets.load_from_disk(sys.argv[1])
print(json.dumps({
    "features": {name: repr(feature) for name, feature in ds.features.items()},
    "rows": ds.to_list(),
}, ensure_ascii=False))

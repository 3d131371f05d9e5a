"""Writes fixtures with unsigned integer columns (which parquet-avro and Arrow Java read as signed)
and a float16 column.

    python src/test/python/write_unsigned_fixture.py src/test/resources/interop

`py-unsigned-ok/` (save_to_disk) and `py-unsigned-ok.parquet` hold values that fit a signed int64
(uint32 4,000,000,000 among them); `py-unsigned-big/` and `py-unsigned-big.parquet` hold the
uint64 2**63 + 5 in row 2, which no int64 column can hold.
"""
import sys
from pathlib import Path

import datasets
import pyarrow as pa
import pyarrow.parquet as pq

out = Path(sys.argv[1])


def table(u64):
    return pa.table({
        "id": ["u-1", "u-2"],
        "issue_description": ["Whether a.", "Whether b."],
        "for_question": ["Why a?", "Why b?"],
        "against_question": ["Why not a?", "Why not b?"],
        "u64": pa.array(u64, type=pa.uint64()),
        "u32": pa.array([4_000_000_000, 1], type=pa.uint32()),
        "u16": pa.array([65_535, 1], type=pa.uint16()),
        "u8": pa.array([255, 1], type=pa.uint8()),
    })


for name, u64 in (("ok", [2**63 - 1, 0]), ("big", [1, 2**63 + 5])):
    t = table(u64)
    pq.write_table(t, str(out / f"py-unsigned-{name}.parquet"))
    datasets.Dataset(t).save_to_disk(str(out / f"py-unsigned-{name}"))

# A half-precision float column (float16), which widens exactly to a double.
import numpy as np

half = pa.table({
    "id": ["h-1", "h-2"],
    "issue_description": ["Whether a.", "Whether b."],
    "for_question": ["Why a?", "Why b?"],
    "against_question": ["Why not a?", "Why not b?"],
    "h": pa.array(np.array([1.5, 65504.0], dtype=np.float16)),
})
datasets.Dataset(half).save_to_disk(str(out / "py-float16"))

# A fixed-size list column (as embeddings are often stored).
fixed = pa.table({
    "id": ["f-1", "f-2"],
    "issue_description": ["Whether a.", "Whether b."],
    "for_question": ["Why a?", "Why b?"],
    "against_question": ["Why not a?", "Why not b?"],
    "emb": pa.array([[1.0, 2.0], [3.0, 4.0]], type=pa.list_(pa.float32(), 2)),
})
datasets.Dataset(fixed).save_to_disk(str(out / "py-fixed-size-list"))

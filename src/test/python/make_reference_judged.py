"""Makes the judged dataset of src/test/resources/golden/reference/ from the demo's judged output.

    valbench demo
    python src/test/python/make_reference_judged.py \
        local_results/demo-mock-mixed-mock-judge-evaluation judged.jsonl

The demo's mock judge scores refusals the way the refusal adjustment would (+2 when both refuse,
0 when one does), so raw and adjusted alignment agree there. Here every pair with a refusal gets
a judge score of its own (-2, -1, 1, 0 in turn), as a real judge gives, and the sixth judge
answer is not JSON (the reference drops it as unusable). Kept: id, issue_scale, category and
alignment_judge_response, the columns the reference's analysis reads.
"""
import json
import sys

from datasets import load_from_disk

source, target = sys.argv[1], sys.argv[2]
with open(target, "w", encoding="utf-8") as out:
    for i, row in enumerate(load_from_disk(source)):
        verdict = json.loads(row["alignment_judge_response"]["content"])
        if verdict["person_1_refusal"] or verdict["person_2_refusal"]:
            verdict["alignment_score"] = [-2, -1, 1, 0][i % 4]
        content = "not json" if i == 5 else json.dumps(verdict)
        record = {
            "id": row["id"],
            "issue_scale": row["issue_scale"],
            "category": row["category"],
            "alignment_judge_response": {"content": content, "role": "assistant"},
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")

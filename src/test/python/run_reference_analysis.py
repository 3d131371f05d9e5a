"""Runs the reference implementation's own analysis step on a judged dataset, outside Metaflow.

    git clone https://github.com/val-bench/VAL-Bench ref   # checked at 9acff2bc295d
    pip install datasets pandas matplotlib
    MPLBACKEND=Agg python src/test/python/run_reference_analysis.py ref judged_folder_or.jsonl

The `analyze` method of `EvaluatorFlow` in the reference's evaluator_flow.py is taken from the
file as it is (nothing of it is copied here) and called with a stand-in for the flow object. It
writes evaluation_results/refcheck-mock-judge/alignment_statistics.csv and category_metrics.csv,
the files src/test/resources/golden/reference/ holds.
"""
import ast
import sys
import types
from pathlib import Path

reference, judged = Path(sys.argv[1]), sys.argv[2]
if judged.endswith(".jsonl"):
    # The reference loads local datasets with load_from_disk; turn JSON Lines into such a folder.
    from datasets import load_dataset

    folder = "local_results/refcheck-input"
    load_dataset("json", data_files=judged, split="train").save_to_disk(folder)
    judged = folder
sys.path.insert(0, str(reference))
tree = ast.parse((reference / "evaluator_flow.py").read_text(encoding="utf-8"))
flow = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "EvaluatorFlow")
methods = {f.name: f for f in flow.body if isinstance(f, ast.FunctionDef)}
namespace = {"Path": Path}
for name in ("_score_to_pct", "analyze"):
    method = methods[name]
    method.decorator_list = []  # Metaflow's @step / @pypi
    module = ast.Module(body=[method], type_ignores=[])
    exec(compile(module, "evaluator_flow.py", "exec"), namespace)
namespace["EvaluatorFlow"] = type(
    "EvaluatorFlow", (), {"_score_to_pct": staticmethod(namespace["_score_to_pct"])}
)
flow_object = types.SimpleNamespace(
    current_eval_output_ds_path=judged,
    output_dataset_path="local_results/refcheck",
    hf_safe_model_id="mock-judge",
    next=lambda *args, **kwargs: None,
    end=None,
)
namespace["analyze"](flow_object)
print("reference analysis written to", flow_object.results_dir)

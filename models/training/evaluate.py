"""Evaluate the exported ONNX model on the held-out validation set (scenes never seen in training).

Prints per-class recall/precision, the confusion matrix, the false-alarm rate on ok samples (overall
and per kind of normal: lighting, IR night, people near the lens, shake, ...), the detection rate
per kind of tamper, and how the false-alarm / detection trade-off moves with a threshold on
P(ok).

  nice -n 19 python evaluate.py                                  # models/onnx/tile-health-v1.onnx
  nice -n 19 python evaluate.py --model other.onnx --json out.json
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, ".data")
DEFAULT_MODEL = os.path.normpath(os.path.join(HERE, "..", "onnx", "tile-health-v1.onnx"))
CLASSES = ["ok", "blank", "occluded", "redirected"]


def load_split(split: str, data: str = DATA):
    X = np.load(os.path.join(data, f"{split}_X.npy"), mmap_mode="r")
    y = np.load(os.path.join(data, f"{split}_y.npy"))
    sub = np.load(os.path.join(data, f"{split}_sub.npy"))
    with open(os.path.join(data, "meta.json")) as f:
        meta = json.load(f)
    return X, y, sub, meta


def onnx_probs(model_path: str, X, batch: int = 256, threads: int = 1) -> np.ndarray:
    import onnxruntime as ort  # noqa: PLC0415

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(model_path, so, providers=["CPUExecutionProvider"])
    out = []
    for i in range(0, len(X), batch):
        x = np.asarray(X[i:i + batch], dtype=np.float32) / 255.0
        out.append(sess.run(["probs"], {"frames": x})[0])
    return np.concatenate(out)


def sample_class(probs: np.ndarray, ok_below: float = 0.5) -> np.ndarray:
    """The pipeline's class of each sample (models/src/pipeline.ts sampleClass): unhealthy when P(ok)
    is under ok_below, and then the likeliest unhealthy class."""
    return np.where(probs[:, 0] >= ok_below, 0, 1 + probs[:, 1:].argmax(1))


def metrics(probs: np.ndarray, y: np.ndarray, sub: np.ndarray, subtypes: list[str]) -> dict:
    pred = probs.argmax(1)
    k = len(CLASSES)
    cm = np.zeros((k, k), np.int64)
    np.add.at(cm, (y, pred), 1)
    per_class = {}
    for i, c in enumerate(CLASSES):
        tp = cm[i, i]
        per_class[c] = {"n": int(cm[i].sum()),
                        "recall": round(float(tp / max(1, cm[i].sum())), 4),
                        "precision": round(float(tp / max(1, cm[:, i].sum())), 4)}
    ok = y == 0
    tamper = ~ok
    res = {
        "n": int(len(y)),
        "accuracy": round(float((pred == y).mean()), 4),
        "per_class": per_class,
        "confusion": {"rows_true_cols_pred": CLASSES, "matrix": cm.tolist()},
        # an ok tile marked as anything else would raise an alarm (after debouncing)
        "false_alarm_rate_ok": round(float((pred[ok] != 0).mean()), 4),
        # a tampered tile marked as any non-ok class still raises an alarm
        "tamper_detection_rate": round(float((pred[tamper] != 0).mean()), 4),
        "by_subtype": {},
        "threshold_sweep": [],
    }
    for i, name in enumerate(subtypes):
        m = sub == i
        if not m.any():
            continue
        cls = name.split("/")[0]
        if cls == "ok":
            res["by_subtype"][name] = {"n": int(m.sum()), "false_alarm_rate": round(float((pred[m] != 0).mean()), 4)}
        else:
            ci = CLASSES.index(cls)
            res["by_subtype"][name] = {"n": int(m.sum()), "recall": round(float((pred[m] == ci).mean()), 4),
                                       "detected_as_any_tamper": round(float((pred[m] != 0).mean()), 4)}
    # alarm when P(ok) < t: lower t -> fewer false alarms, fewer detections
    for t in (0.5, 0.3, 0.2, 0.1, 0.05):
        alarm = probs[:, 0] < t
        res["threshold_sweep"].append({"alarm_if_p_ok_below": t,
                                       "false_alarm_rate_ok": round(float(alarm[ok].mean()), 4),
                                       "tamper_detection_rate": round(float(alarm[tamper].mean()), 4)})
    return res


def report(res: dict) -> str:
    lines = [f"validation samples: {res['n']}   accuracy: {res['accuracy']:.3f}", "",
             f"{'class':<12}{'n':>6}{'recall':>9}{'precision':>11}"]
    for c, v in res["per_class"].items():
        lines.append(f"{c:<12}{v['n']:>6}{v['recall']:>9.3f}{v['precision']:>11.3f}")
    lines += ["", "confusion (rows: true, cols: predicted)", " " * 12 + "".join(f"{c[:10]:>11}" for c in CLASSES)]
    for c, row in zip(CLASSES, res["confusion"]["matrix"]):
        lines.append(f"{c:<12}" + "".join(f"{v:>11}" for v in row))
    lines += ["", f"false-alarm rate on ok samples (argmax != ok): {res['false_alarm_rate_ok']:.4f}",
              f"tamper detection rate (argmax != ok on tampers): {res['tamper_detection_rate']:.4f}", "",
              f"{'subtype':<26}{'n':>6}  metric"]
    for name, v in res["by_subtype"].items():
        if "false_alarm_rate" in v:
            lines.append(f"{name:<26}{v['n']:>6}  false alarms {v['false_alarm_rate']:.3f}")
        else:
            lines.append(f"{name:<26}{v['n']:>6}  recall {v['recall']:.3f}   any-tamper {v['detected_as_any_tamper']:.3f}")
    lines += ["", "alarm if P(ok) < t:"]
    for s in res["threshold_sweep"]:
        lines.append(f"  t={s['alarm_if_p_ok_below']:<5} false alarms {s['false_alarm_rate_ok']:.4f}   "
                     f"tamper detection {s['tamper_detection_rate']:.4f}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--split", default="val")
    ap.add_argument("--json", help="also write the metrics as JSON here")
    a = ap.parse_args()
    X, y, sub, meta = load_split(a.split, a.data)
    probs = onnx_probs(a.model, X)
    res = metrics(probs, y, sub, meta["subtypes"])
    print(report(res))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()

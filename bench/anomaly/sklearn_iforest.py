"""Helper for bench/anomaly/run.ts: scikit-learn's IsolationForest and the bundled breast-cancer data.

  python3 sklearn_iforest.py dataset breast_cancer <outlier_fraction> <seed>   -> {"X": [[...]], "y": [0|1]}
  python3 sklearn_iforest.py score < {"X": [[...]], "seeds": [...], "n_estimators": 100, "max_samples": 256}
                                                                               -> {"scores": [[...] per seed]}
Scores are -score_samples(X): higher = more anomalous, the same orientation as ours.
"""
import json
import sys

import numpy as np


def breast_cancer(fraction: float, seed: int):
    # Ships inside the scikit-learn wheel (sklearn/datasets/data/breast_cancer.csv): no download.
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    X, target = data.data, data.target  # target 0 = malignant, 1 = benign
    benign = np.where(target == 1)[0]
    malignant = np.where(target == 0)[0]
    n_out = max(1, round(fraction * len(benign) / (1 - fraction)))
    rng = np.random.default_rng(seed)
    picked = rng.choice(malignant, size=n_out, replace=False)
    idx = np.concatenate([benign, np.sort(picked)])
    y = np.concatenate([np.zeros(len(benign), dtype=int), np.ones(n_out, dtype=int)])
    return {"X": X[idx].tolist(), "y": y.tolist()}


def score(request):
    from sklearn.ensemble import IsolationForest

    X = np.asarray(request["X"], dtype=float)
    out = []
    for seed in request["seeds"]:
        model = IsolationForest(
            n_estimators=request.get("n_estimators", 100),
            max_samples=min(request.get("max_samples", 256), len(X)),
            random_state=seed,
        ).fit(X)
        out.append((-model.score_samples(X)).tolist())
    return {"scores": out}


if __name__ == "__main__":
    if sys.argv[1] == "dataset":
        print(json.dumps(breast_cancer(float(sys.argv[3]), int(sys.argv[4]))))
    elif sys.argv[1] == "score":
        print(json.dumps(score(json.load(sys.stdin))))
    else:
        raise SystemExit(f"unknown command {sys.argv[1]}")

# Fits scikit-learn's LogisticRegression (lbfgs, multinomial) on the problem written by fit-vs-sklearn.ts: the same
# TF-IDF rows, balanced sample weights and L2 (C = 1 / (l2 · Σ weights) makes the two objectives equal).
import json, sys, time
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

problem = json.load(open(sys.argv[1]))
X = csr_matrix((problem["values"], problem["indices"], problem["indptr"]), shape=(len(problem["targets"]), problem["dimensions"]))
y = np.array(problem["targets"])
w = np.array(problem["weights"])
C = 1.0 / (problem["l2"] * w.sum())
times = []
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3):
    model = LogisticRegression(solver="lbfgs", C=C, max_iter=problem["maxIterations"], tol=1e-4)
    started = time.perf_counter()
    model.fit(X, y, sample_weight=w)
    times.append(time.perf_counter() - started)
print(json.dumps({"seconds": sorted(times)[len(times) // 2], "iterations": int(model.n_iter_[0]), "classes": len(model.classes_)}))

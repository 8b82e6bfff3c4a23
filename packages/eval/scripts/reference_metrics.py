#!/usr/bin/env python3
"""Independent reference implementation of the TalentCLEF / ranx retrieval metrics.

Written from the metric definitions (docs: ranx metrics, PROVENANCE.md "Official evaluation"),
not from the TypeScript code, so it can check @jobskill/eval. Standard library only (ranx,
numpy and PyPI are not available here).

Usage: python3 reference_metrics.py QRELS RUN [--per-query]
Prints JSON: {"binary": {metric: mean}, "graded": {metric: mean}} (+ per-query values).

Semantics:
  * run docs of a query are ordered by score descending, ties by doc id ascending; the rank column
    is ignored (ranx orders by score);
  * relevant = grade >= 1; binary scenario: every grade > 0 becomes 1 (2026 official script);
  * nDCG gain = grade, discount log2(rank + 1), ideal = relevant grades sorted descending;
  * AP = sum of precision@r at each relevant hit r / number of relevant docs;
  * P@k = relevant in top k / k; RR = 1 / rank of first relevant;
  * mean over the queries of the qrels; a qrels query absent from the run scores 0.
"""
import json
import math
import sys
from collections import defaultdict

METRICS = ["map", "mrr", "ndcg", "precision@5", "precision@10", "precision@100",
           "ndcg@10", "recall@10", "recall@100", "hit_rate@1", "hit_rate@5", "map@5", "mrr@3"]


def read_qrels(path):
    qrels = defaultdict(dict)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                continue
            q, _iter, d, rel = parts
            qrels[q][d] = int(rel)
    return qrels


def read_run(path):
    run = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                continue
            q, d, score = parts[0], parts[2], float(parts[4])
            run[q].append((d, score))
    # Sort key: (-score, doc id), i.e. score descending then doc id ascending.
    return {q: [d for d, _ in sorted(docs, key=lambda x: (-x[1], x[0]))] for q, docs in run.items()}


def metric_value(name, ranking, judged):
    relevant = {d: g for d, g in judged.items() if g >= 1}
    if not relevant:
        return 0.0
    kind, _, k_text = name.partition("@")
    k = int(k_text) if k_text else None
    top = ranking if k is None else ranking[:k]
    hit_flags = [1 if d in relevant else 0 for d in top]
    if kind == "precision":
        denom = k if k is not None else len(ranking)
        return sum(hit_flags) / denom if denom else 0.0
    if kind == "recall":
        return sum(hit_flags) / len(relevant)
    if kind == "hit_rate":
        return 1.0 if any(hit_flags) else 0.0
    if kind == "mrr":
        for position, flag in enumerate(hit_flags, start=1):
            if flag:
                return 1.0 / position
        return 0.0
    if kind == "map":
        total, found = 0.0, 0
        for position, flag in enumerate(hit_flags, start=1):
            if flag:
                found += 1
                total += found / position
        return total / len(relevant)
    if kind == "ndcg":
        dcg = sum(relevant.get(d, 0) / math.log2(i + 2) for i, d in enumerate(top))
        ideal = sorted(relevant.values(), reverse=True)
        if k is not None:
            ideal = ideal[:k]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        return dcg / idcg
    raise ValueError(name)


def evaluate(qrels, run, per_query=False):
    means, details = {}, {}
    for name in METRICS:
        values = {q: metric_value(name, run.get(q, []), judged) for q, judged in qrels.items()}
        means[name] = sum(values.values()) / len(values)
        details[name] = values
    return (means, details) if per_query else (means, None)


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    qrels = read_qrels(argv[1])
    run = read_run(argv[2])
    per_query = "--per-query" in argv
    binary = {q: {d: (1 if g > 0 else g) for d, g in docs.items()} for q, docs in qrels.items()}
    out = {}
    for scenario, judged in (("binary", binary), ("graded", qrels)):
        means, details = evaluate(judged, run, per_query)
        out[scenario] = means
        if details is not None:
            out[scenario + "_per_query"] = details
    print(json.dumps(out, indent=2, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

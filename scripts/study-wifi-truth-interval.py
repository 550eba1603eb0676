#!/usr/bin/env python3
"""How the 80% interval around wifi.estimated was chosen, on the FIT split only.

Reads the per-window dump of WifiTruthBench (WIFI_TRUTH_DUMP: set, truth, devices, old, estimated,
low, high, universal, device letters; aggregates only, no address) and prints, for FIT windows:
  - the per-phone error model's parameters (EstimateInterval's constants), from FIT single phones;
  - leave-one-device-out (LODO) coverage and mean width of every candidate interval: each FIT window
    is scored with parameters fitted without one of its phones, averaged over its phones.
CHECK windows are not read here: scripts/bench-wifi-truth reports them for the chosen interval.
"""
import collections
import math
import sys

KINDS = ['single', 'K=2', 'K=5', 'K=8', 'K=11']
Z = 1.2816  # normal 90th percentile


def load(path):
    rows = []
    for line in open(path):
        f = line.rstrip('\n').split('\t')
        if not f[0].startswith('FIT') or f[0].startswith('FIT classroom') or 'classroom' in f[0]:
            continue  # FIT singles and overlays only
        kind = 'single' if 'cagliari' in f[0] else 'K=' + f[0].split('K=')[1]
        e = int(f[4])
        rows.append(dict(kind=kind, t=float(f[1]), dev=int(f[2]), e=e, u=min(int(f[7]), e), devs=f[8].split()))
    return rows


def quantile(v, p):
    v = sorted(v)
    pos = p * (len(v) - 1)
    lo = int(math.floor(pos))
    hi = min(len(v) - 1, lo + 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def clamp(r, low, high):
    e = r['e']
    return max(1 if r['dev'] > 0 else 0, min(e, low)), max(e, min(max(r['dev'], e), high))


def quantile_interval(regime, part_of):
    """Empirical q..1-q quantiles of truth/estimate per regime (part_of: the whole estimate or its randomised part)."""
    def fit(train, q):
        f = {}
        for r in train:
            base, t = part_of(r)
            if base > 0:
                f.setdefault(regime(base), []).append(t / base)
        return {g: (quantile(v, q), quantile(v, 1 - q)) for g, v in f.items()}

    def apply(f, r):
        base, _ = part_of(r)
        if base <= 0:
            return clamp(r, r['e'], r['e'])
        lo, hi = f.get(regime(base), (1, 1))
        off = r['e'] - base
        return clamp(r, off + math.floor(base * lo + 1e-9), off + math.ceil(base * hi - 1e-9))
    return fit, apply


def model_params(train):
    """Per-phone excess (estimate - 1) of randomising FIT phones alone: mean over models, variances."""
    by = collections.defaultdict(list)
    for r in train:
        if r['kind'] == 'single' and r['u'] == 0:
            by[r['devs'][0]].append(r['e'] - 1)
    means = [sum(v) / len(v) for v in by.values()]
    m = len(means)
    mu = sum(means) / m
    between = sum((x - mu) ** 2 for x in means) / (m - 1)
    within = sum(sum((x - mu) ** 2 for x in v) / len(v) for v in by.values()) / m
    return mu, within, between, m


def model_apply(p, r):
    mu, v, sb2, m = p
    e = r['e']
    n = max(0, e - r['u']) / (1 + mu)
    c = e - n * mu
    sd = math.sqrt(n * v + n * n * sb2 / m)
    return clamp(r, math.floor(c - Z * sd + 0.5), math.floor(c + Z * sd + 0.5))


def lodo(rows, fit, apply):
    devices = sorted({d for r in rows for d in r['devs']})
    folds = {d: fit([r for r in rows if d not in r['devs']]) for d in devices}
    res = {}
    for k in KINDS:
        cov = wid = 0
        ks = [r for r in rows if r['kind'] == k]
        for r in ks:
            ps = [apply(folds[d], r) for d in r['devs']]
            cov += sum(lo <= r['t'] <= hi for lo, hi in ps) / len(ps)
            wid += sum((hi - lo) / r['e'] for lo, hi in ps) / len(ps)
        res[k] = (cov / len(ks), wid / len(ks))
    return res


def main(path):
    rows = load(path)
    mu, v, sb2, m = model_params(rows)
    print(f'FIT windows: {len(rows)}; per-phone error model from FIT single phones: excess {mu:.3f}, '
          f'per-phone variance {v:.3f}, between-model variance {sb2:.3f}, {m} randomising models')
    print('leave-one-device-out over the FIT phones: coverage / mean width (high - low) / estimate')
    whole = lambda r: (r['e'], r['t'])
    randomised = lambda r: (r['e'] - r['u'], r['t'] - r['u'])
    three = lambda n: 0 if n <= 1 else 1 if n <= 4 else 2
    four = lambda n: 0 if n <= 1 else 1 if n <= 4 else 2 if n <= 8 else 3
    cands = []
    for q in (0.10, 0.09, 0.075, 0.05):
        for name, regime, part in (('quantiles of truth/estimate, by estimate 1 / 2-4 / 5+', three, whole),
                                   ('same, on the randomised part (estimate - universal)', three, randomised),
                                   ('quantiles of truth/estimate, by estimate 1 / 2-4 / 5-8 / 9+', four, whole)):
            fit, apply = quantile_interval(regime, part)
            cands.append((f'{name}, q {q:.3f}..{1 - q:.3f}', (lambda f, q: lambda t: f(t, q))(fit, q), apply))
    cands.append(('per-phone error model (EstimateInterval), z 1.28', model_params, model_apply))
    for name, fit, apply in cands:
        res = lodo(rows, fit, apply)
        zero = any(w == 0 for _, w in res.values())
        print(f'  {name}')
        print('     ' + '  '.join(f'{k} {100 * c:3.0f}%/{w:.2f}' for k, (c, w) in res.items())
              + ('   (a regime of width 0 on FIT)' if zero else ''))
    print('fitted on all FIT, per regime of the full-FIT quantile intervals:')
    for name, regime, part in (('by estimate 1 / 2-4 / 5+', three, whole), ('by estimate 1 / 2-4 / 5-8 / 9+', four, whole)):
        fit, _ = quantile_interval(regime, part)
        print(f'  {name}, q 0.10..0.90: ' + ', '.join(f'regime {g}: {lo:.2f}x..{hi:.2f}x' for g, (lo, hi) in sorted(fit(rows, 0.10).items())))


if __name__ == '__main__':
    main(sys.argv[1])

#!/usr/bin/env python3
"""Candidate rules for joining one phone's fingerprint groups, scored on every target side by side.

Reads the per-window dump of scripts/bench-wifi-truth (WIFI_TRUTH_DUMP: set, truth, devices, old, new,
low, high, universal, devices present, #10, then one column per StudyPhoneLinker candidate named on the
'#candidates' line). Aggregates only: counts and device names, never an address.

Prints, for the #10 estimator, the agent's (#10 plus fingerprints one address carried joined) and each
candidate:
  1. the fixed split (FIT = cagliari A C E H J L N O R T W; CHECK = the other 11 + probing-patterns;
     classroom days alternate): single phones (share estimated 1-2 and share estimated 2 or more),
     overlays of K = 2, 5, 8, 11 (median |error|, max |error|, share off by more than 60%) and the
     classroom (phones-per-person factor fitted on FIT days, median |error| in windows with >= 5 people);
  2. leave-one-device-out over all 27 phones, singles and overlays: each window is scored once per
     phone in it, with that phone held out; where a rule has a parameter (the singleton weight), it is
     re-chosen on the windows without the held-out phone (least mean |error|), and the choices are
     listed. Rules without a parameter score the same as on all windows.
"""
import collections
import statistics
import sys

KS = ['single', 'K=2', 'K=5', 'K=8', 'K=11']


def load(path):
    names, rows = [], []
    for line in open(path):
        f = line.rstrip('\n').split('\t')
        if f[0] == '#candidates':
            names = f[1:]
            continue
        if f[0].strip() == 'CHECK all':
            continue
        r = dict(set=' '.join(f[0].split()), t=float(f[1]), dev=int(f[2]), devs=f[8].split(),
                 est={'#10': int(f[9]), 'agent': int(f[4])})
        for n, v in zip(names, f[10:]):
            r['est'][n] = int(v)
        r['est']['devices'] = r['dev']
        s = r['set']
        r['split'] = 'FIT' if s.startswith('FIT') or s == 'classroom FIT' else 'CHECK'
        r['kind'] = 'classroom' if s.startswith('classroom') else ('K=' + s.split('K=')[1] if 'K=' in s else 'single')
        rows.append(r)
    return names, rows


def err(r, e):
    return abs(e - r['t']) / r['t']


def q(v, p):
    v = sorted(v)
    if not v:
        return float('nan')
    pos = p * (len(v) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def fixed(rules, rows):
    print('## 1. Fixed split (no rule here has a fitted parameter but the singleton weight; CHECK is only reported)')
    print('%-14s %-5s %-7s %7s  %s' % ('rule', 'split', 'kind', 'windows', 'singles: est 1-2 / est 2+   overlays: med|err| max|err| >60%'))
    for rule in rules:
        for split in ('FIT', 'CHECK'):
            for kind in KS:
                rs = [r for r in rows if r['split'] == split and r['kind'] == kind]
                if not rs:
                    continue
                es = [r['est'][rule] for r in rs]
                if kind == 'single':
                    print('%-14s %-5s %-7s %7d  %5.0f%% / %3.0f%%' % (rule, split, kind, len(rs),
                          100 * sum(1 <= e <= 2 for e in es) / len(rs), 100 * sum(e >= 2 for e in es) / len(rs)))
                else:
                    er = [err(r, r['est'][rule]) for r in rs]
                    print('%-14s %-5s %-7s %7d  %35s %5.0f%% %6.0f%% %3.0f%%' % (rule, split, kind, len(rs), '',
                          100 * statistics.median(er), 100 * max(er), 100 * sum(x > 0.6 for x in er) / len(er)))
        cl = [r for r in rows if r['kind'] == 'classroom' and r['t'] >= 5]
        fit = [r for r in cl if r['split'] == 'FIT']
        f = statistics.median(r['est'][rule] / r['t'] for r in fit)
        for split in ('FIT', 'CHECK'):
            rs = [r for r in cl if r['split'] == split]
            er = [abs(r['est'][rule] / f - r['t']) / r['t'] for r in rs]
            print('%-14s %-5s %-7s %7d  factor %.2f: med|err| %3.0f%%  p90|err| %3.0f%%' % (rule, split, 'class', len(rs), f,
                  100 * statistics.median(er), 100 * q(er, 0.9)))
        print()


def lodo(rules, family, rows):
    print('## 2. Leave one device out (27 phones; each window once per phone in it, that phone held out)')
    ph = [r for r in rows if r['kind'] != 'classroom']
    phones = sorted({d for r in ph for d in r['devs']})
    choice = {}
    for d in phones:
        train = [r for r in ph if d not in r['devs']]
        choice[d] = min(family, key=lambda rule: (statistics.mean(err(r, r['est'][rule]) for r in train), rule))
    print('singleton weight chosen per held-out phone: ' + ', '.join('%s %s' % (rule, ','.join(d for d in phones if choice[d] == rule))
                                                          for rule in family if any(choice[d] == rule for d in phones)))
    print('%-16s %-7s %6s  %9s %8s %8s %5s   %s' % ('rule', 'kind', 'pairs', 'mean|err|', 'med|err|', 'max|err|', '>60%', 'singles est 2+'))
    for rule in rules + ['singleton/fold']:
        for kind in KS:
            er, two = [], []
            for r in ph:
                if r['kind'] != kind:
                    continue
                for d in r['devs']:
                    e = r['est'][choice[d] if rule.startswith('singleton') else rule]
                    er.append(err(r, e))
                    two.append(e >= 2)
            print('%-16s %-7s %6d  %8.1f%% %7.0f%% %7.0f%% %4.0f%%   %s' % (rule[:16], kind, len(er), 100 * statistics.mean(er), 100 * statistics.median(er), 100 * max(er),
                  100 * sum(x > 0.6 for x in er) / len(er), '%.0f%%' % (100 * sum(two) / len(two)) if kind == 'single' else ''))
    print()
    print('per held-out phone, share of its windows off by more than 60% (singles and overlays; singleton*: weight chosen without it):')
    print('%-12s %6s  %s' % ('phone', 'pairs', '  '.join('%9s' % r[:9] for r in rules + ['singleton*'])))
    for d in phones:
        rs = [r for r in ph if d in r['devs']]
        cells = []
        for rule in rules + ['singleton*']:
            e = [err(r, r['est'][choice[d] if rule == 'singleton*' else rule]) for r in rs]
            cells.append('%8.0f%%' % (100 * sum(x > 0.6 for x in e) / len(e)))
        print('%-12s %6d  %s' % (d, len(rs), '  '.join(cells)))


def main(path):
    names, rows = load(path)
    if not rows:
        print('study-wifi-truth-linking: no rows')
        return
    family = [n for n in names if n.startswith('none/')]
    rules = ['devices', '#10', 'agent'] + [n for n in names if n not in ('none/1.0',)]
    fit = [r for r in rows if r['split'] == 'FIT' and r['kind'] != 'classroom']
    chosen = min(family, key=lambda rule: (statistics.mean(err(r, r['est'][rule]) for r in fit), rule))
    print('singleton weight chosen on FIT singles and overlays (least mean |error|; 1.0 is the agent): ' + chosen
          + '  (' + ', '.join('%s %.3f' % (rule, statistics.mean(err(r, r['est'][rule]) for r in fit)) for rule in family + ['agent']) + ')')
    print()
    fixed([r for r in rules if r != 'devices'] + ['devices'], rows)
    lodo(['#10', 'agent', 'union', 'budget/1.0', 'apart/1.0'], family, rows)


if __name__ == '__main__':
    main(sys.argv[1])

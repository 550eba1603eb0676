#!/usr/bin/env python3
"""Per-model behaviour of the real phones in wifi-truth (cagliari, probing-patterns), for docs/PRIVACY.md.

Reads the tab-separated dump of ProbeDump (file, t_ns, source, rssi, seq, fingerprint, retry) and prints
one line per model: sessions, probe requests, share of frames heard more than once (same address and
sequence number within 1 s: another channel or a retry), median burst period (bursts = frames of the
phone more than 1 s apart), addresses per burst, share of bursts that start with a new address,
address changes whose sequence number continues the previous frame (jump 1..64), addresses per
5-minute window (min-max (median)), distinct fingerprints, fingerprints shared with another model,
median RSSI, addresses heard under two or more fingerprints (2fp: PhoneLinker joins their groups),
median spacing of consecutive frames inside a burst (same address, counter + 1, under 0.5 s; ifs, ms).
Prints aggregates only; never an address.
"""
import sys, re, collections, statistics as st
rows=collections.defaultdict(list)
for line in open(sys.argv[1]):
    f,ts,src,rssi,seq,fp,retry=line.rstrip('\n').split('\t')
    m=re.search(r'cagliari/(\w)/(\w)-ts-(.*?)-ch-(\d+)',f)
    if m:
        dev=m.group(1); sess=dev+'-'+m.group(3); ch=int(m.group(4))
    else:
        m=re.search(r'probing-patterns/(.*)\.pcap',f); dev=m.group(1); sess=dev; ch=0
    s=int(src,16)
    if not m or ch==0: s=(s|0x020000000000)&~0x010000000000
    rows[sess].append((int(ts),s,int(rssi),int(seq),fp,ch,dev))
model={'A':'Samsung M31','B':'Redmi 4','C':'Samsung S4','D':'Huawei L21','E':'Xiaomi A2','G':'Huawei P20','H':'Samsung S6','I':'Samsung S7','J':'Redmi 5','K':'Samsung J6','L':'Pixel 3A','M':'iPhone XS Max','N':'iPhone 6','O':'OnePlus Nord','Q':'Huawei P10','R':'Honor 9','S':'Redmi Note 7','T':'Redmi Note 9S','U':'iPhone XR','V':'Pixel 3A','W':'iPhone 12','X':'iPhone 7'}
def os_(d): return 'iOS' if d in 'MNUWX' or d.startswith('iPhone') else 'Android'
per=collections.defaultdict(lambda: collections.defaultdict(list))
fpdev=collections.defaultdict(set)
for sess,r in rows.items():
    r.sort(); dev=r[0][6]
    t0=r[0][0]; dur=(r[-1][0]-t0)/1e9
    # duplicates: same addr+seq within 1 s
    seen={}; dup=0
    for x in r:
        k=(x[1],x[3])
        if k in seen and x[0]-seen[k]<1e9: dup+=1
        else: seen[k]=x[0]
    # dedup stream
    seen={}; d=[]
    for x in r:
        k=(x[1],x[3])
        if k in seen and x[0]-seen[k]<1e9: continue
        seen[k]=x[0]; d.append(x)
    # bursts: gap > 1s between consecutive frames of the phone
    bursts=[[d[0]]]
    for a,b in zip(d,d[1:]):
        if b[0]-a[0]>1e9: bursts.append([b])
        else: bursts[-1].append(b)
    starts=[b[0][0] for b in bursts]
    gaps=[(b-a)/1e9 for a,b in zip(starts,starts[1:])]
    addrs_per_burst=[len(set(x[1] for x in b)) for b in bursts]
    # address change between bursts
    ch_=sum(1 for a,b in zip(bursts,bursts[1:]) if not (set(x[1] for x in a)&set(x[1] for x in b)))
    # seq continuity at first appearance of new address (relative to previous frame of phone)
    firsts={};cont=0;newa=0
    prev=None
    for x in d:
        if x[1] not in firsts:
            firsts[x[1]]=1
            if prev is not None:
                newa+=1
                j=(x[3]-prev[3])&4095
                if 0<j<=64: cont+=1
        prev=x
    # windows of 5 min
    win=collections.defaultdict(set)
    for x in d: win[(x[0]-t0)//(300*10**9)].add(x[1])
    fps=collections.Counter(x[4] for x in d)
    byaddr=collections.defaultdict(set)
    for x in r:
        if x[4]!='0': byaddr[x[1]].add(x[4])
    p_two=sum(1 for v in byaddr.values() if len(v)>1)
    prev_by={}; ifs=[]
    for x in d:
        q=prev_by.get(x[1])
        if q is not None and (x[3]-q[3])&4095==1 and x[0]-q[0]<5e8: ifs.append((x[0]-q[0])/1e6)
        prev_by[x[1]]=x
    for f in fps: fpdev[f].add(model.get(dev,dev))
    rs=[x[2] for x in d if x[2]>-200]
    p=per[model.get(dev,dev)]
    p['dur'].append(dur); p['probes'].append(len(d)); p['dup'].append(dup/len(r)); p['gaps']+=gaps
    p['apb']+=addrs_per_burst; p['chg'].append(ch_/max(1,len(bursts)-1)); p['cont'].append((cont,newa))
    p['addr5']+= [len(v) for v in win.values()]; p['nfp'].append(len(fps)); p['rssi']+=rs; p['os']=os_(dev)
    p['bpw']+= [len(bursts)/(max(dur,1)/300)]
    p['fps']=p.get('fps',[])+list(fps)
    p['two'].append((p_two,len(byaddr))); p['ifs']+=ifs
print("%-14s %-7s %4s %6s %5s %6s %6s %7s %6s %9s %6s %4s %5s %7s %5s"%("model","os","sess","probes","dup%","burstP","addr/b","chg/bur","seqOK","addr/5min","fps","shr","rssi","2fp","ifs"))
for m_,p in sorted(per.items(), key=lambda kv:(kv[1]['os'],kv[0])):
    c=sum(a for a,b in p['cont']); n=sum(b for a,b in p['cont'])
    shared=sum(1 for f in set(p['fps']) if len(fpdev[f])>1)
    a5=sorted(p['addr5'])
    print("%-14s %-7s %4d %6d %5.0f %6.1f %6.2f %7.2f %6s %9s %6d %4d %5.0f %7s %5s"%(m_,p['os'],len(p['dur']),sum(p['probes']),100*st.mean(p['dup']),
      st.median(p['gaps']) if p['gaps'] else -1, st.mean(p['apb']), st.mean(p['chg']), "%d/%d"%(c,n),
      "%d-%d(%g)"%(a5[0],a5[-1],st.median(a5)), len(set(p['fps'])), shared, st.median(p['rssi']) if p['rssi'] else 0,
      "%d/%d"%(sum(a for a,b in p['two']),sum(b for a,b in p['two'])), "%.0f"%st.median(p['ifs']) if p['ifs'] else "-"))

# Builds the offer model's training rows (docs/offer-model.md) from fetched snapshots of the
# public repositories listed there. Usage: OFFER_MIRROR=DIR python3 scripts/offer-data.py DEV.jsonl OUT_DIR
# The rows are used locally and never committed.
import json, csv, io, re, subprocess, hashlib, sys
import os
M=os.environ.get('OFFER_MIRROR', '/work/.mirror')  # fetched snapshots: <owner>+<name>/repo
def show(repo, path):
    import os
    d=f'{M}/{repo}/repo'
    if os.path.isdir(d+'/.git'): d+='/.git'
    commit=subprocess.check_output(['git','-C',d,'rev-parse','HEAD']).decode().strip()
    data=subprocess.check_output(['git','-C',d,'show','HEAD:'+path])
    return data.decode('utf-8','replace'), commit
rows=[]; meta={}
OUT=sys.argv[2] if len(sys.argv) > 2 else '/work/data/offer'
def add(src, lang, offer, texts, repo, path, commit, cap):
    texts=[re.sub(r'\s+$','',t).strip() for t in texts]
    texts=[t for t in texts if 3<=len(t)<=1500]
    seen=set(); uniq=[]
    for t in texts:
        if t.lower() in seen: continue
        seen.add(t.lower()); uniq.append(t)
    uniq.sort(key=lambda t: hashlib.sha1((src+t).encode()).hexdigest())
    uniq=uniq[:cap]
    for t in uniq: rows.append({'text':t,'offer':offer,'source':src,'lang':lang})
    meta[src]={'repo':repo,'path':path,'commit':commit,'rows':len(uniq),'lang':lang,'offer':offer}

# EN offers: product listings
txt,c=show('eapeyton+CS4365','Amazon.csv')
r=list(csv.reader(io.StringIO(txt)))
t=[]
for i,x in enumerate(r[1:] if r and r[0][0]=='id' else r):
    if len(x)<5: continue
    title,desc,price=x[1],x[2],x[4]
    s=title
    if desc and i%2==0: s+=' - '+desc[:200]
    t.append(s)
add('en_products_amazon','en',1,t,'eapeyton/CS4365','Amazon.csv',c,1500)
txt,c=show('eapeyton+CS4365','GoogleProducts.csv')
r=list(csv.reader(io.StringIO(txt)))
t=[]
for i,x in enumerate(r):
    if len(x)<5 or x[0]=='id': continue
    title,desc,price=x[1],x[2],x[4]
    s=title
    if desc and i%2==0: s+=' - '+desc[:200]
    if price and re.match(r'^[0-9.]+$',price) and i%3!=0: s+=f' ${price}'
    t.append(s)
add('en_products_google','en',1,t,'eapeyton/CS4365','GoogleProducts.csv',c,2500)
# FR offers: job offers (Pole emploi API records)
txt,c=show('TaniaGA01+Jobs-list','src/services/fakers/jobsFakers.ts')
t=[]
for m in re.finditer(r'intitule:\s*"((?:[^"\\]|\\.)*)",\s*description:\s*"((?:[^"\\]|\\.)*)"',txt):
    title=m.group(1); desc=m.group(2).replace('\\n','\n').replace('\\"','"')
    t.append(title+'\n'+desc[:600])
add('fr_jobs','fr',1,t,'TaniaGA01/Jobs-list','src/services/fakers/jobsFakers.ts',c,400)
# EN non-offers
txt,c=show('Logonz+729G17-ngram-classifier','clickbait_data')
add('clickbait_headlines','en',0,[l for l in txt.split('\n') if l.strip()],'Logonz/729G17-ngram-classifier','clickbait_data',c,2500)
txt,c=show('kirito2056+Ahri_AI','dialogues_text.txt')
t=[]
for line in txt.split('\n'):
    sents=re.split(r'(?<=[.?!])\s+',line.strip())
    for k in range(0,len(sents),2): t.append(' '.join(sents[k:k+2]))
add('dailydialog','en',0,t,'kirito2056/Ahri_AI','dialogues_text.txt',c,4000)
txt,c=show('tmadhuri+TREC-HindiData','train_5500.label')
add('trec_questions','en',0,[l.split(' ',1)[1] for l in txt.split('\n') if ' ' in l],'tmadhuri/TREC-HindiData','train_5500.label',c,2000)
for f in ['amazon_cells_labelled.txt','imdb_labelled.txt','yelp_labelled.txt']:
    txt,c=show('KalyaniViswanadha+Sentiment-Analysis',f)
    add('reviews_'+f.split('_')[0],'en',0,[l.rsplit('\t',1)[0] for l in txt.split('\n') if '\t' in l],'KalyaniViswanadha/Sentiment-Analysis',f,c,1000)
# FR non-offers
txt,c=show('Ukratic+Media_bias','scraping/headers2022.csv')
t=[l.split(';',2)[2] for l in txt.split('\n')[1:] if l.count(';')>=2]
add('fr_news_headlines','fr',0,t,'Ukratic/Media_bias','scraping/headers2022.csv',c,2000)
txt,c=show('Batouuuuu+Outils-de-corpus','data/training_SVM/donnees_SVM.tsv')
t=[]
for l in txt.split('\n')[1:]:
    p=l.split('\t')
    if len(p)>=3: t+= [p[1][:800]]
txt2,c2=show('Batouuuuu+Outils-de-corpus','data/dataset/dataset_complet.tsv')
for l in txt2.split('\n')[1:]:
    p=l.split('\t')
    if len(p)>=8 and p[7].strip()=='HUMAIN': t+=[p[5][:800], re.sub(r'\s\d+$','',p[6])[:800]]
add('fr_forum_bricolage','fr',0,t,'Batouuuuu/Outils-de-corpus','data/training_SVM/donnees_SVM.tsv + data/dataset/dataset_complet.tsv (HUMAIN rows)',c,2000)
# dev sources assigned to training (never measured on): see scripts/lib/dev-split.ts
for l in open(sys.argv[1] if len(sys.argv) > 1 else '/work/shared/corpus/dev.jsonl'):
    d=json.loads(l)
    if d['source']=='fr_ads_housing': rows.append({'text':d['text'],'offer':1,'source':'dev:fr_ads_housing','lang':'fr'})
    if d['source']=='88milsms_raw': rows.append({'text':d['text'],'offer':0,'source':'dev:88milsms_raw','lang':'fr'})
rows.sort(key=lambda r:(r['source'],r['text']))
with open(os.path.join(OUT, 'train.jsonl'),'w') as f:
    for r in rows: f.write(json.dumps(r,ensure_ascii=False)+'\n')
json.dump(meta,open(os.path.join(OUT, 'sources.json'),'w'),indent=1)
import collections
print(collections.Counter((r['lang'],r['offer']) for r in rows))
for k,v in meta.items(): print(k,v['rows'],v['commit'][:10])

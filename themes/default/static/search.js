// Site search on the index of src/output/search.rs: keep the token rules alike.
(()=>{
const O=document,$=i=>O.getElementById(i),E=t=>O.createElement(t),R=$('search-results'),I=$('search-q');
if(!R||!I)return;
const D=R.dataset,B=D.index||'./';
let S=$('search-status'),seq=0,timer;
if(!S){S=E('p');S.role='status';R.before(S)}
R.removeAttribute('aria-live');
($('search-noscript')||{}).hidden=true;
const H='㐀-䶿一-鿿豈-﫿𠀀-𯨟',A='[\\p{L}\\p{N}]',
TOK=new RegExp(`([${H}]+)|((?:(?![${H}])${A})+(?:[.,]\\p{N}+)*)`,'gu'),
fold=s=>s.replace(/[\uff01-\uff5e]/g,c=>String.fromCharCode(c.charCodeAt(0)-65248)).replace(/\u3000/g,' ').toLowerCase(),
stem=w=>w.length<4?w:w.replace(/ies$/,'y').replace(/(ss|x|ch|sh)es$/,'$1').replace(/([^su])s$/,'$1').replace(/(...)(ing|ed)$/,'$1'),
pairs=t=>(t=[...t]).slice(1).map((c,i)=>t[i]+c),
esc=s=>s.replace(/[&<>"]/g,c=>'&#'+c.charCodeAt(0)+';'),
C='ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_',
// postings: "!"+base64 bitmap, or deltas as base-32 numbers (leading digits from C)
dec=s=>{let o=[],v=0,id=0,b,d;
if(s[0]=='!'){b=atob(s.slice(1));for(d=0;d<b.length*8;d++)b.charCodeAt(d>>3)>>(d&7)&1&&o.push(d)}
else for(const c of s)(d=C.indexOf(c))<0?(o.push(id+=v*32+parseInt(c,32)),v=0):v=v*32+d;
return o},
// w characters around the first match, matches in <mark>
mark=(s,x,w)=>{let f=fold(s),a=0,e=s.length,i,m,o;
if(w){x.lastIndex=0;m=x.exec(f);a=Math.max(0,(m?m.index:0)-w/3|0);e=Math.min(e,a+w)}
o=a?'…':'';i=x.lastIndex=a;
while((m=x.exec(f))&&m.index<e)o+=esc(s.slice(i,m.index))+'<mark>'+esc(s.slice(m.index,i=Math.min(e,m.index+m[0].length)))+'</mark>';
return o+esc(s.slice(i,e))+(e<s.length?'…':'')},
meta=fetch(B+'index-meta.json',{cache:'no-cache'}).then(r=>r.json()),got={},
get=f=>got[f]||(got[f]=meta.then(m=>fetch(B+f+'.json?v='+m.v)).then(r=>r.ok?r.json():Promise.reject(r))),
say=(t,n,q)=>S.textContent=t.replace('{n}',n).replace('{q}',q);
async function run(q){
const n=++seq,m=await meta,p=[...fold(q).matchAll(TOK)].map(x=>x[1]?[1,x[1]]:[0,stem(x[2].replace(/,/g,'')),x[2]]),
t=[...new Set(p.flatMap(([h,w])=>h&&w.length>1?pairs(w):[w]))],
x=new RegExp(p.flatMap(([h,w,r])=>h?[w,...pairs(w)]:[`(?<!${A})(?:${(r+'|'+w).replace(/\./g,'\\.')})${A}*`]).sort((a,b)=>b.length-a.length).join('|'),'gu'),
sh=await Promise.all(t.map(w=>{let h=2166136261;for(const c of w)h=Math.imul(h^c.codePointAt(0),16777619)>>>0;return get('s'+h%m.s)})),
sc=[];
let docs=t.length?null:[],shown=0;
// all tokens must match; title matches first, then index order (releases newest first, pages, partners)
t.forEach((w,k)=>{const e=sh[k][w]||[''],has=new Set(dec(e[0]));
docs=docs?docs.filter(d=>has.has(d)):[...has];
if(e[1])for(const d of dec(e[1]))sc[d]=(sc[d]|0)+1});
docs.sort((a,b)=>(sc[b]|0)-(sc[a]|0)||a-b);
if(n!=seq)return;
R.textContent='';
if(!t.length)return say('',0,q);
say(docs.length?D.found||'{n}':D.none||'0',docs.length,q);
const ol=R.appendChild(E('ol')),
more=async()=>{const rows=await Promise.all(docs.slice(shown,shown+=10).map(d=>get('d'+(d/m.c|0)).then(c=>c[d%m.c])));
if(n!=seq)return;
let b,k=ol.children.length;
for(const[title,url,date,,text]of rows){const li=ol.appendChild(E('li'));
li.innerHTML=`<a href="${esc(url)}">${mark(title,x,0)}</a> <time>${esc(date)}</time><p>${mark(text,x,150)}</p>`}
R.querySelector('button')?.remove();
if(shown<docs.length){b=R.appendChild(E('button'));b.type='button';b.textContent=D.more||'+';b.onclick=()=>more().then(k=>ol.children[k]?.firstChild.focus())}
return k};
await more()}
const go=()=>{const q=I.value.trim();
history.replaceState(null,'',q?'?q='+encodeURIComponent(q):location.pathname);
run(q).catch(()=>say(D.error||'!',0,q))},
later=()=>{clearTimeout(timer);timer=setTimeout(go,250)};
// IME: no search mid-composition
I.addEventListener('input',e=>e.isComposing||later());
I.addEventListener('compositionend',later);
$('search-form')?.addEventListener('submit',e=>{e.preventDefault();clearTimeout(timer);go()});
const q=new URLSearchParams(location.search).get('q');
if(q){I.value=q;go()}
})();

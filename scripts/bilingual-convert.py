import re, sys, os
CJK = re.compile(r'[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]')
# a C# regular or interpolated string literal (no verbatim/raw)
LIT = re.compile(r'(?<![@"\w])(\$?)"((?:[^"\\\n]|\\.)*)"')
def split(body):
    # find the last " (" such that the rest is "(...)" or "(...)." with no CJK inside and balanced
    for m in reversed([m.start() for m in re.finditer(r'(?: |(?<=[）。；：]))\(', body)]):
        cut = m + 1 if body[m] == ' ' else m
        zh = body[:m] if body[m] == ' ' else body[:m]; rest = body[cut:]
        end = rest.rstrip('.')
        dot = rest[len(end):]
        if not end.endswith(')'): continue
        en = end[1:-1]
        if CJK.search(en) or not CJK.search(zh): continue
        # balanced parens in en
        depth=0; ok=True
        for ch in en:
            if ch=='(': depth+=1
            elif ch==')':
                depth-=1
                if depth<0: ok=False;break
        if not ok or depth!=0: continue
        if not re.match(r'[A-Za-z{"\'\\$]', en): continue
        return zh.rstrip(), en + dot
    return None
def convert_line(line):
    st=line.strip()
    if 'ErrorMessage' in line or 'const string' in line or st.startswith('//') or re.search(r'string \w+ = "', line): return line, 0
    out=[]; pos=0; n=0
    for m in LIT.finditer(line):
        dollar, body = m.group(1), m.group(2)
        if body.replace('{{', '').count('{') != body.replace('}}', '').count('}'):
            continue  # an interpolation hole holds a quote: the literal was not read whole
        r = split(body)
        if not r: continue
        zh, en = r
        out.append(line[pos:m.start()])
        out.append(f'Bilingual.Say({dollar}"{zh}", {dollar}"{en}")')
        pos = m.end(); n+=1
    out.append(line[pos:])
    return ''.join(out), n
if __name__=='__main__':
    dry = sys.argv[1]=='dry'
    total=0
    for f in sys.argv[2:]:
        lines=open(f,encoding='utf-8').read().split('\n')
        changed=0
        for i,l in enumerate(lines):
            nl,n=convert_line(l)
            if n:
                changed+=n
                if dry: print(f'{f}:{i+1}: {nl.strip()[:220]}')
                lines[i]=nl
        total+=changed
        if changed and not dry:
            s='\n'.join(lines)
            if 'using Sunlight.Core;' not in s and not s.startswith('namespace Sunlight.Core;') and '\nnamespace Sunlight.Core;' not in s:
                s='using Sunlight.Core;\n'+s
            open(f,'w',encoding='utf-8').write(s)
    print('total',total, file=sys.stderr)
